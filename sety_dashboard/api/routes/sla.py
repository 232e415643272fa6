"""/v1/sla-policies: the per-severity deadlines new incidents get.

A change applies to incidents created afterwards; an incident's deadlines
are frozen when it is created (API.md, "SLA").
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from sety_dashboard.api.deps import Caller, require
from sety_dashboard.api.responses import ERRORS, SlaPolicyList, SlaPolicyOut
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.incidents import sla
from sety_dashboard.domain.incidents.sla import SlaPolicyRequest

router = APIRouter(prefix="/sla-policies", tags=["SLA policies"], responses=ERRORS)
Admin = Annotated[Caller, Depends(require("admin"))]


@router.get("", response_model=SlaPolicyList)
def list_policies(caller: Admin) -> dict[str, Any]:
    with read_session() as session:
        return {"data": [sla.policy_view(p) for p in sla.list_policies(session)]}


@router.put("/{severity}", response_model=SlaPolicyOut)
def put_policy(severity: str, body: SlaPolicyRequest, caller: Admin) -> dict[str, Any]:
    with write_session() as session:
        row = sla.set_policy(session, severity, body.acknowledge_s, body.dispatch_s,
                             body.resolve_s)
        return sla.policy_view(row)
