"""The incident as the API, the event log and the dashboard see it.

One typed shape (the TypedDicts below) and one builder. A change's service
emits this read model in its event and returns the same object to its
caller (`service.view_of`); the API sends it as it is and names these types
as its response models, so /openapi.json describes exactly this; the
dashboard adapts it to its rows. At run time they are plain dicts, so a
read model costs what building a dict costs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NotRequired  # pydantic reads only these on Python < 3.12

from sqlalchemy import select
from sqlalchemy.orm import Session
from typing_extensions import TypedDict

from sety_dashboard.core import clock
from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.incidents.models import Assignment, Incident, TimelineEntry
from sety_dashboard.domain.incidents.sla import SlaView, sla_view
from sety_dashboard.domain.responders.models import Responder
from sety_dashboard.domain.responders.read_model import ResponderView, responder_view


class SubjectView(TypedDict):
    """The person concerned, as the report gave it."""

    name: str
    phone: NotRequired[str | None]
    email: NotRequired[str | None]
    reference: NotRequired[str | None]
    metadata: NotRequired[dict[str, str] | None]


class LocationView(TypedDict):
    coordinates: list[float]  # [longitude, latitude]
    address: str | None
    landmark: str | None


class TimelineEntryView(TypedDict):
    status: str
    event: str
    message: str
    timestamp: str
    actor: str
    actor_name: str | None


class ResponderRef(TypedDict):
    """An assigned responder no longer on the roster: its id alone."""

    responder_id: str


class AssignmentView(TypedDict):
    assignment_id: str
    responder: ResponderView | ResponderRef
    status: str
    eta_s: int | None
    note: str | None
    assigned_at: str
    accepted_at: str | None
    accept_due_at: str | None
    backup_requested_at: str | None
    en_route_at: str | None
    on_scene_at: str | None
    released_at: str | None


class IncidentView(TypedDict):
    incident_id: str
    idempotency_key: str | None
    category: str
    severity: str
    status: str
    subject: SubjectView
    title: str
    description: str | None
    location: LocationView
    site: str | None
    resolution_outcome: str | None
    resolution_notes: str | None
    is_drill: bool
    timeline: list[TimelineEntryView]
    sla: SlaView
    responders: list[AssignmentView]
    created_at: str
    updated_at: str
    resolved_at: str | None
    cancelled_at: str | None


def timeline_view(entry: TimelineEntry) -> TimelineEntryView:
    return {"status": entry.status, "event": entry.event, "message": entry.message,
            "timestamp": iso(entry.timestamp), "actor": entry.actor,
            "actor_name": entry.actor_name}


def accept_due_at(asg: Assignment) -> datetime | None:
    """When the unit should have accepted by (SETY_ACCEPT_TIMEOUT_S after the
    assignment); None once it accepted or was released. The board flags an
    assignment still waiting past this."""
    if asg.accepted_at is not None or asg.status == "released":
        return None
    return asg.assigned_at + timedelta(seconds=get_settings().accept_timeout_s)


def assignment_view(asg: Assignment, responder: Responder | None) -> AssignmentView:
    return {
        "assignment_id": asg.id,
        "responder": responder_view(responder) if responder else {"responder_id": asg.responder_id},
        "status": asg.status, "eta_s": asg.eta_s, "note": asg.note,
        "assigned_at": iso(asg.assigned_at), "accepted_at": iso(asg.accepted_at),
        "accept_due_at": iso(accept_due_at(asg)),
        "backup_requested_at": iso(asg.backup_requested_at),
        "en_route_at": iso(asg.en_route_at),
        "on_scene_at": iso(asg.on_scene_at), "released_at": iso(asg.released_at),
    }


def incident_views(session: Session, incidents: Sequence[Incident],
                   now: datetime | None = None) -> list[IncidentView]:
    """Serialize many incidents with two extra queries, not two per incident."""
    if not incidents:
        return []
    now = now or clock.now()
    ids = [i.id for i in incidents]
    timelines: dict[str, list[TimelineEntry]] = defaultdict(list)
    for entry in session.execute(
        select(TimelineEntry).where(TimelineEntry.incident_id.in_(ids)).order_by(TimelineEntry.id)
    ).scalars():
        timelines[entry.incident_id].append(entry)
    assignments: dict[str, list[tuple[Assignment, Responder | None]]] = defaultdict(list)
    for asg, rsp in session.execute(
        select(Assignment, Responder)
        .join(Responder, Responder.id == Assignment.responder_id, isouter=True)
        .where(Assignment.incident_id.in_(ids))
        .order_by(Assignment.assigned_at, Assignment.id)
    ).all():
        assignments[asg.incident_id].append((asg, rsp))
    return [_view(i, timelines[i.id], assignments[i.id], now) for i in incidents]


def incident_view(session: Session, incident: Incident, now: datetime | None = None) -> IncidentView:
    return incident_views(session, [incident], now)[0]


def new_incident_view(incident: Incident, created: TimelineEntry, now: datetime) -> IncidentView:
    """The view of an incident created in this transaction: one timeline entry, no responders."""
    return _view(incident, [created], [], now)


def _view(inc: Incident, timeline: list[TimelineEntry],
          assignments: list[tuple[Assignment, Responder | None]], now: datetime) -> IncidentView:
    return {
        "incident_id": inc.id,
        "idempotency_key": inc.idempotency_key,
        "category": inc.category,
        "severity": inc.severity,
        "status": inc.status,
        "subject": inc.subject,
        "title": inc.title,
        "description": inc.description,
        "location": {"coordinates": [inc.lng, inc.lat], "address": inc.address,
                     "landmark": inc.landmark},
        "site": inc.site,
        "resolution_outcome": inc.resolution_outcome,
        "resolution_notes": inc.resolution_notes,
        "is_drill": inc.is_drill,
        "timeline": [timeline_view(t) for t in timeline],
        "sla": sla_view(inc, now),
        "responders": [assignment_view(a, r) for a, r in assignments],
        "created_at": iso(inc.created_at),
        "updated_at": iso(inc.updated_at),
        "resolved_at": iso(inc.resolved_at),
        "cancelled_at": iso(inc.cancelled_at),
    }
