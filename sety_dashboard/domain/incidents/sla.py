"""SLA policies and what they say about one incident.

Defaults follow NFPA 1221/1710 call-handling targets. Policies live in the
`sla_policies` table (supervisors may change them); an incident copies its
deadlines at creation, so a later policy change never moves them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import Field as PydanticField
from sqlalchemy import Column, select
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel
from typing_extensions import TypedDict  # pydantic reads only this one on Python < 3.12

from sety_dashboard.core.timefmt import iso
from sety_dashboard.core.types import UTCDateTime
from sety_dashboard.domain.common import StrictModel

# severity: (acknowledge within, dispatch within, resolve within), seconds
DEFAULT_POLICIES: dict[str, tuple[int, int, int]] = {
    "critical": (15, 60, 3600),
    "high": (60, 300, 4 * 3600),
    "medium": (300, 1800, 24 * 3600),
    "low": (1800, 4 * 3600, 72 * 3600),
}
STAGES = ("acknowledge", "dispatch", "resolve")
# No stage deadline may be longer than this (a typo of extra zeros would
# otherwise silently switch a severity's SLA off).
MAX_DEADLINE_S = 30 * 24 * 3600


class SlaPolicy(SQLModel, table=True):
    __tablename__ = "sla_policies"

    severity: str = Field(primary_key=True, max_length=16)
    acknowledge_s: int
    dispatch_s: int
    resolve_s: int
    updated_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


def policy_for(session: Session, severity: str) -> tuple[int, int, int]:
    row = session.get(SlaPolicy, severity)
    if row is None:
        return DEFAULT_POLICIES[severity]
    return row.acknowledge_s, row.dispatch_s, row.resolve_s


class SlaPolicyRequest(StrictModel):
    """A severity's deadlines, all three at once (PUT replaces the policy)."""

    acknowledge_s: int = PydanticField(gt=0, le=MAX_DEADLINE_S)
    dispatch_s: int = PydanticField(gt=0, le=MAX_DEADLINE_S)
    resolve_s: int = PydanticField(gt=0, le=MAX_DEADLINE_S)


def policy_view(p: SlaPolicy) -> dict[str, Any]:
    return {"severity": p.severity, "acknowledge_s": p.acknowledge_s,
            "dispatch_s": p.dispatch_s, "resolve_s": p.resolve_s,
            "updated_at": iso(p.updated_at)}


def require_severity(severity: str) -> None:
    """A policy exists for each severity and no other (NotFound otherwise)."""
    from sety_dashboard.domain.errors import NotFound

    if severity not in DEFAULT_POLICIES:
        raise NotFound(f"no SLA policy for severity {severity!r}; severities: "
                       f"{', '.join(DEFAULT_POLICIES)}")


def list_policies(session: Session) -> list[SlaPolicy]:
    rows = {p.severity: p for p in session.execute(select(SlaPolicy)).scalars()}
    out = []
    for sev, (a, d, r) in DEFAULT_POLICIES.items():
        out.append(rows.get(sev) or SlaPolicy(severity=sev, acknowledge_s=a, dispatch_s=d, resolve_s=r))
    return out


def set_policy(session: Session, severity: str, acknowledge_s: int, dispatch_s: int,
               resolve_s: int) -> SlaPolicy:
    """Replace one severity's deadlines (NotFound for an unknown severity); the
    change is stamped with the clock's time."""
    from sety_dashboard.core import clock
    from sety_dashboard.domain.errors import ValidationFailed

    require_severity(severity)
    now = clock.now()
    if not 0 < acknowledge_s <= dispatch_s <= resolve_s:
        raise ValidationFailed(
            "deadlines must be positive and in order: acknowledge ≤ dispatch ≤ resolve",
            "acknowledge_s", "invalid")
    if resolve_s > MAX_DEADLINE_S:
        raise ValidationFailed(f"deadlines must be at most {MAX_DEADLINE_S} s (30 days)",
                               "resolve_s", "too_large")
    row = session.get(SlaPolicy, severity) or SlaPolicy(severity=severity, acknowledge_s=0,
                                                         dispatch_s=0, resolve_s=0)
    row.acknowledge_s, row.dispatch_s, row.resolve_s = acknowledge_s, dispatch_s, resolve_s
    row.updated_at = now
    session.add(row)
    return row


def deadlines(created_at: datetime, policy: tuple[int, int, int]) -> dict[str, datetime]:
    ack, dispatch, resolve = policy
    return {
        "acknowledge_due_at": created_at + timedelta(seconds=ack),
        "dispatch_due_at": created_at + timedelta(seconds=dispatch),
        "resolve_due_at": created_at + timedelta(seconds=resolve),
    }


def stage_done_at(incident: Any, stage: str) -> datetime | None:
    if stage == "acknowledge":
        return incident.acknowledged_at
    if stage == "dispatch":
        return incident.dispatched_at
    return incident.resolved_at


def stage_due_at(incident: Any, stage: str) -> datetime:
    return getattr(incident, f"{stage}_due_at")


def stage_breached(incident: Any, stage: str, now: datetime) -> bool:
    """A stage is breached when its deadline passed before the stage happened.

    A cancelled incident stops its clocks at cancellation.
    """
    due = stage_due_at(incident, stage)
    done = stage_done_at(incident, stage)
    if done is None and incident.cancelled_at is not None:
        done = incident.cancelled_at
    moment = done if done is not None else now
    return moment > due


class SlaView(TypedDict):
    """An incident's deadlines and whether each stage was missed (part of its read model)."""

    policy: str
    acknowledge_due_at: str
    dispatch_due_at: str
    resolve_due_at: str
    acknowledged_at: str | None
    dispatched_at: str | None
    acknowledge_breached: bool
    dispatch_breached: bool
    resolve_breached: bool
    breached: bool


def sla_view(incident: Any, now: datetime) -> SlaView:
    flags = {f"{s}_breached": stage_breached(incident, s, now) for s in STAGES}
    return {  # type: ignore[typeddict-item]  (the three flags are spread from `flags`)
        "policy": incident.sla_policy,
        "acknowledge_due_at": iso(incident.acknowledge_due_at),
        "dispatch_due_at": iso(incident.dispatch_due_at),
        "resolve_due_at": iso(incident.resolve_due_at),
        "acknowledged_at": iso(incident.acknowledged_at),
        "dispatched_at": iso(incident.dispatched_at),
        **flags,
        "breached": any(flags.values()),
    }


def due_stages(incident: Any, now: datetime) -> list[str]:
    """Stages that are breached now and have no timeline entry for it yet."""
    return [s for s in STAGES
            if not getattr(incident, f"{s}_breach_noted") and stage_breached(incident, s, now)]
