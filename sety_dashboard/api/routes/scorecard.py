"""/v1/incidents/{id}/scorecard: the after-action record of one incident or
drill (../shared/API.md, "Scorecard"; choices in docs/API_NOTES.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from sety_dashboard.api.deps import Caller, require
from sety_dashboard.api.responses import ERRORS
from sety_dashboard.api.responses_scorecard import ScorecardOut
from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents.scorecard import scorecard
from sety_dashboard.domain.keys.service import has_scope

router = APIRouter(prefix="/incidents", tags=["Incidents"], responses=ERRORS)
Reader = Annotated[Caller, Depends(require("incidents:read"))]


@router.get("/{incident_id}/scorecard", response_model=ScorecardOut)
def get_scorecard(incident_id: str, caller: Reader) -> dict[str, Any]:
    # Who was on site is visitor data: only keys that may read it see it.
    with read_session() as session:
        return scorecard(session, incident_id, with_muster=has_scope(caller.key, "access:read"))
