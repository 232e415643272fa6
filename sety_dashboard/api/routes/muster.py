"""/v1/incidents/{id}/muster: who is on site during an emergency (an addition
to the API contract; see docs/ACCESS.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from sety_dashboard.api.deps import Caller, require
from sety_dashboard.api.responses import ERRORS
from sety_dashboard.api.responses_access import MusterOut
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.access import muster

router = APIRouter(prefix="/incidents", tags=["Incidents"], responses=ERRORS)
# A muster list names visitors: it needs both read scopes; marking someone
# accounted changes the visitor record (API.md, "Security rules").
Reader = Annotated[Caller, Depends(require("incidents:read", "access:read"))]
Writer = Annotated[Caller, Depends(require("access:write"))]


@router.get("/{incident_id}/muster", response_model=MusterOut)
def get_muster(incident_id: str, caller: Reader) -> dict[str, Any]:
    with read_session() as session:
        return muster.incident_muster(session, incident_id)


@router.post("/{incident_id}/muster/{log_id}/accounted", response_model=MusterOut)
def mark_accounted(incident_id: str, log_id: str, caller: Writer) -> dict[str, Any]:
    with write_session() as session:
        return muster.mark_accounted(session, incident_id=incident_id, log_id=log_id,
                                     actor=caller.actor)
