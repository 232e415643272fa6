"""The incident detail page's data: the Incident view reshaped for display
(no Reflex here), including why each action is unavailable right now.

Why an action is unavailable comes from the lifecycle rules in
`domain/incidents/lifecycle.py`; the page only shows the reason. The
domain checks again when the action is taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sety_dashboard.domain.incidents import lifecycle
from sety_dashboard.domain.incidents.triage import stage_start
from sety_dashboard.ui.viewmodels.incident_parts import (
    IncidentHead,
    SlaClock,
    head,
    place_of,
    point,
    sla_clock,
)

STAGE_LABELS = {"acknowledge": "Acknowledge", "dispatch": "Dispatch", "resolve": "Resolve"}


@dataclass
class SlaStage:
    stage: str = ""
    label: str = ""
    due: str = ""
    start: str = ""
    done_at: str = ""
    breached: bool = False
    current: bool = False


@dataclass
class TimelineItem:
    event: str = ""
    status: str = ""
    message: str = ""
    timestamp: str = ""
    actor_name: str = ""
    actor: str = ""


@dataclass
class AssignmentItem:
    assignment_id: str = ""
    name: str = ""
    unit: str = ""
    phone: str = ""
    status: str = ""
    eta: str = ""
    assigned_at: str = ""
    next_statuses: list[str] = field(default_factory=list)


@dataclass
class IncidentPage(IncidentHead, SlaClock):
    status: str = ""
    is_open: bool = False
    subject_name: str = ""
    subject_phone: str = ""
    subject_email: str = ""
    subject_reference: str = ""
    subject_metadata: list[list[str]] = field(default_factory=list)
    description: str = ""
    address: str = ""
    landmark: str = ""
    site: str = ""
    lng: float = 0.0
    lat: float = 0.0
    created_at: str = ""
    resolution_outcome: str = ""
    resolution_notes: str = ""
    sla_stages: list[SlaStage] = field(default_factory=list)
    timeline: list[TimelineItem] = field(default_factory=list)
    assignments: list[AssignmentItem] = field(default_factory=list)
    # Why an action cannot be taken now ("" = it can).
    ack_blocked: str = ""
    assign_blocked: str = ""
    resolve_blocked: str = ""
    cancel_blocked: str = ""


def _blocked(status: str, action: str) -> str:
    try:
        lifecycle.require_open(status, action)
    except Exception as exc:  # InvalidTransition: its message is the reason
        return str(exc)[:1].upper() + str(exc)[1:]
    return ""


def _eta(seconds: Any) -> str:
    if not seconds:
        return ""
    minutes = max(1, round(int(seconds) / 60))
    return f"ETA {minutes} min"


def page_from_view(view: dict[str, Any]) -> IncidentPage:
    subject = view.get("subject") or {}
    location = view.get("location") or {}
    sla = view.get("sla") or {}
    status = view.get("status") or ""
    clock = sla_clock(view)
    done = {"acknowledge": sla.get("acknowledged_at"), "dispatch": sla.get("dispatched_at"),
            "resolve": view.get("resolved_at")}
    stages = [SlaStage(stage=s, label=STAGE_LABELS[s], due=sla.get(f"{s}_due_at") or "",
                       start=stage_start(view, s), done_at=done[s] or "",
                       breached=bool(sla.get(f"{s}_breached")),
                       current=s == clock["sla_stage"])
              for s in ("acknowledge", "dispatch", "resolve")]
    lat, lng = point(view)
    ack_blocked = _blocked(status, "acknowledge")
    if not ack_blocked and lifecycle.already_acknowledged(status):
        ack_blocked = "Already acknowledged"
    timeline = [TimelineItem(event=t.get("event") or "", status=t.get("status") or "",
                             message=t.get("message") or "", timestamp=t.get("timestamp") or "",
                             actor_name=t.get("actor_name") or t.get("actor") or "",
                             actor=t.get("actor") or "")
                # Newest first: the latest entry is in view without scrolling.
                for t in reversed(view.get("timeline") or [])]
    assignments = []
    for a in view.get("responders") or []:
        r = a.get("responder") or {}
        nexts = lifecycle.assignment_moves(a.get("status") or "", status)
        assignments.append(AssignmentItem(
            assignment_id=a.get("assignment_id") or "", name=r.get("name") or "",
            unit=r.get("unit") or "", phone=r.get("phone") or "", status=a.get("status") or "",
            # An ETA means "on the way": none once on scene or released.
            eta=_eta(a.get("eta_s")) if a.get("status") in ("assigned", "en_route") else "",
            assigned_at=a.get("assigned_at") or "",
            next_statuses=nexts))
    return IncidentPage(
        **head(view), **clock, status=status, is_open=status in lifecycle.OPEN,
        subject_name=subject.get("name") or "", subject_phone=subject.get("phone") or "",
        subject_email=subject.get("email") or "", subject_reference=subject.get("reference") or "",
        subject_metadata=[[str(k), str(v)] for k, v in (subject.get("metadata") or {}).items()],
        description=view.get("description") or "",
        # No address (a phone's SOS): coordinates and the nearest safe zone instead.
        address=location.get("address") or place_of(lat, lng),
        landmark=location.get("landmark") or "", site=view.get("site") or "",
        lng=lng, lat=lat, created_at=view.get("created_at") or "",
        resolution_outcome=view.get("resolution_outcome") or "",
        resolution_notes=view.get("resolution_notes") or "",
        sla_stages=stages, timeline=timeline, assignments=assignments,
        ack_blocked=ack_blocked, assign_blocked=_blocked(status, "assign a responder"),
        resolve_blocked=_blocked(status, "resolve"), cancel_blocked=_blocked(status, "cancel"),
    )
