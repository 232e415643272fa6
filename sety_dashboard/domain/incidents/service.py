"""Incident services: every change to an incident goes through here.

Each function runs inside the caller's write transaction: it locks the
incident row, checks the lifecycle, writes the change and its timeline
entry, and records the event in the same transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.ids import new_id
from sety_dashboard.domain.actors import SYSTEM, Actor
from sety_dashboard.domain.errors import (
    AlreadyDone,
    Forbidden,
    IdempotencyConflict,
    InvalidTransition,
    ValidationFailed,
)
from sety_dashboard.domain.incidents import lifecycle
from sety_dashboard.domain.incidents.inputs import (
    AcknowledgeRequest,
    AssignRequest,
    CancelRequest,
    CreateIncidentRequest,
    NoteRequest,
    ResolveRequest,
    UpdateAssignmentRequest,
    default_severity,
    default_title,
)
from sety_dashboard.domain.incidents.models import Assignment, Incident, TimelineEntry
from sety_dashboard.domain.incidents.read_model import incident_view, new_incident_view
from sety_dashboard.domain.incidents.sla import deadlines, due_stages, policy_for
from sety_dashboard.domain.responders.service import get_responder
from sety_dashboard.domain.rows import get_or_not_found, page_of
from sety_dashboard.domain.users.permissions import can_cancel_drills
from sety_dashboard.events.log import record_event
from sety_dashboard.geo.cells import cells_for


@dataclass
class CreateResult:
    incident: Incident
    replayed: bool


def _request_hash(request: CreateIncidentRequest) -> str:
    body = request.model_dump_json(exclude={"idempotency_key"})
    return hashlib.sha256(body.encode()).hexdigest()


def _search_text(request: CreateIncidentRequest, title: str) -> str:
    s = request.subject
    return " ".join(p for p in (title, s.name, s.phone, s.reference) if p).lower()[:2000]


# The idempotency lookup every create with a key runs, built once: building a
# select and its cache key again on each request cost more than SQLite took
# to answer it (values are bound at execution).
_BY_KEY = select(Incident).where(Incident.owner == bindparam("owner"),
                                 Incident.idempotency_key == bindparam("key"))


def _find_by_key(session: Session, owner: str, key: str) -> Incident | None:
    return session.execute(_BY_KEY, {"owner": owner, "key": key}).scalar_one_or_none()


def _replay(existing: Incident, request_hash: str) -> CreateResult:
    if existing.request_hash != request_hash:
        raise IdempotencyConflict(
            "this idempotency key was already used with a different request body")
    return CreateResult(existing, replayed=True)


def create_incident(session: Session, *, request: CreateIncidentRequest,
                    actor: Actor) -> CreateResult:
    key = request.idempotency_key
    req_hash = _request_hash(request)
    if key:
        existing = _find_by_key(session, actor.owner, key)
        if existing is not None:
            return _replay(existing, req_hash)

    now = clock.now()
    severity = request.severity or default_severity(request.category)
    title = request.title or default_title(request.category, request.subject.name)
    lng, lat = request.location.coordinates
    incident = Incident(
        id=new_id("inc"), owner=actor.owner, idempotency_key=key, request_hash=req_hash,
        category=request.category, severity=severity, status="created",
        subject=request.subject.model_dump(mode="json"),
        search_text=_search_text(request, title), title=title,
        description=request.description, lng=lng, lat=lat,
        address=request.location.address, landmark=request.location.landmark,
        site=request.site, is_drill=request.is_drill, sla_policy=severity,
        created_at=now, updated_at=now,
        **deadlines(now, policy_for(session, severity)), **cells_for(lat, lng),
    )
    try:
        # A savepoint, so that losing a race on the unique (owner, key)
        # constraint leaves the transaction usable for the re-read.
        with session.begin_nested():
            session.add(incident)
            session.flush()
    except IntegrityError:
        if not key:
            raise
        existing = _find_by_key(session, actor.owner, key)
        if existing is None:
            raise
        return _replay(existing, req_hash)

    drill = " (drill)" if request.is_drill else ""
    entry = _timeline(session, incident, "created", f"{title}{drill} reported", actor, now)
    # A new incident's timeline is this one entry and it has no responders:
    # its view needs no query (the same objects a re-read would return from
    # the session's identity map).
    _emit(session, incident, "incident.created", view=new_incident_view(incident, entry, now))
    return CreateResult(incident, replayed=False)


def get_incident(session: Session, incident_id: str, *, for_update: bool = False) -> Incident:
    # for_update: two dispatchers acting at once queue here (a row lock).
    return get_or_not_found(session, Incident, incident_id, "incident", for_update=for_update)


def acknowledge_incident(session: Session, *, incident_id: str, request: AcknowledgeRequest,
                         actor: Actor) -> Incident:
    inc = _lock(session, incident_id)
    lifecycle.require_open(inc.status, "acknowledge")
    if lifecycle.already_acknowledged(inc.status):
        who = _last_actor_name(session, inc.id, "acknowledged")
        by = f" by {who}" if who else ""
        raise AlreadyDone(f"the incident was already acknowledged{by}")
    now = clock.now()
    inc.status = "acknowledged"
    inc.acknowledged_at = now
    return _record(session, inc, "acknowledged",
                   request.message or f"Acknowledged by {actor.name}", actor, now)


def assign_responder(session: Session, *, incident_id: str, request: AssignRequest,
                     actor: Actor) -> Incident:
    inc = _lock(session, incident_id)
    lifecycle.require_open(inc.status, "assign a responder")
    responder = get_responder(session, request.responder_id)
    active = session.execute(
        select(Assignment).where(Assignment.incident_id == inc.id,
                                 Assignment.responder_id == responder.id,
                                 Assignment.status != "released")
    ).scalar_one_or_none()
    if active is not None:
        raise InvalidTransition(f"{responder.name} is already assigned to this incident")
    now = clock.now()
    session.add(Assignment(id=new_id("asg"), incident_id=inc.id, responder_id=responder.id,
                           status="assigned", eta_s=request.eta_s, note=request.note,
                           assigned_at=now))
    _move_forward(inc, "dispatched", now)
    eta = f", ETA {request.eta_s // 60} min" if request.eta_s else ""
    return _record(session, inc, "responder_assigned", f"{responder.name} assigned{eta}", actor, now)


def update_assignment(session: Session, *, incident_id: str, assignment_id: str,
                      request: UpdateAssignmentRequest, actor: Actor) -> Incident:
    inc = _lock(session, incident_id)
    asg = get_or_not_found(
        session, Assignment, assignment_id, "assignment", belongs=lambda a: a.incident_id == inc.id,
        message=f"assignment {assignment_id} not found on incident {incident_id}")
    if inc.status in lifecycle.TERMINAL and request.status != "released":
        raise InvalidTransition(f"the incident is {inc.status}; its responders can only be released")
    lifecycle.check_assignment_move(asg.status, request.status)
    now = clock.now()
    asg.status = request.status
    setattr(asg, f"{request.status}_at", now)
    if asg.accepted_at is None and request.status in ("en_route", "on_scene"):
        # Moving out means the unit has it, whoever pressed the button.
        asg.accepted_at = now
    if request.eta_s is not None:
        asg.eta_s = request.eta_s
    if request.note is not None:
        asg.note = request.note
    session.add(asg)
    responder = get_responder(session, asg.responder_id)
    message = f"{responder.name} {request.status.replace('_', ' ')}"
    if request.note:
        message += f": {request.note}"
    _timeline(session, inc, "responder_updated", message, actor, now)
    if request.status == "on_scene" and lifecycle.advances(inc.status, "on_scene"):
        _move_forward(inc, "on_scene", now)
        _timeline(session, inc, "status_changed", "On scene", actor, now)
    _emit(session, inc, "incident.responder_updated")
    return inc


def add_note(session: Session, *, incident_id: str, request: NoteRequest, actor: Actor) -> Incident:
    inc = _lock(session, incident_id)
    now = clock.now()
    return _record(session, inc, "note_added", request.message, actor, now,
                   actor_name=request.author or actor.name)


def resolve_incident(session: Session, *, incident_id: str, request: ResolveRequest,
                     actor: Actor, require_notes: bool = False) -> Incident:
    """`require_notes`: the dashboard's stricter policy — critical and high
    incidents are closed only with resolution notes (the API keeps notes
    optional, as its contract says)."""
    inc = _lock(session, incident_id)
    lifecycle.require_open(inc.status, "resolve")
    if require_notes and lifecycle.resolution_notes_required(inc.severity) and \
            not (request.resolution_notes or "").strip():
        raise ValidationFailed(
            f"a {inc.severity} incident needs resolution notes: say what happened",
            "resolution_notes", "required")
    now = clock.now()
    _move_forward(inc, "resolved", now)
    inc.resolved_at = now
    inc.resolution_outcome = request.resolution_outcome
    inc.resolution_notes = request.resolution_notes
    _release_all(session, inc, now)
    outcome = request.resolution_outcome.replace("_", " ")
    notes = f": {request.resolution_notes}" if request.resolution_notes else ""
    return _record(session, inc, "resolved", f"Resolved ({outcome}){notes}", actor, now)


def cancel_incident(session: Session, *, incident_id: str, request: CancelRequest,
                    actor: Actor) -> Incident:
    inc = _lock(session, incident_id)
    lifecycle.require_open(inc.status, "cancel")
    if inc.is_drill and actor.kind == "user" and not can_cancel_drills(actor.role):
        raise Forbidden("only a supervisor or an admin can cancel a drill")
    now = clock.now()
    inc.status = "cancelled"
    inc.cancelled_at = now
    _release_all(session, inc, now)
    reason = f": {request.reason}" if request.reason else ""
    return _record(session, inc, "cancelled", f"Cancelled{reason}", actor, now)


# -- reading -----------------------------------------------------------------

@dataclass
class IncidentFilters:
    status: list[str] | None = None
    category: list[str] | None = None
    severity: list[str] | None = None
    is_drill: bool | None = None
    since: datetime | None = None
    until: datetime | None = None
    q: str | None = None
    site: str | None = None


def filtered_query(f: IncidentFilters) -> Any:
    query = select(Incident)
    if f.status:
        query = query.where(Incident.status.in_(f.status))
    if f.category:
        query = query.where(Incident.category.in_(f.category))
    if f.severity:
        query = query.where(Incident.severity.in_(f.severity))
    if f.is_drill is not None:
        query = query.where(Incident.is_drill == f.is_drill)
    if f.since:
        query = query.where(Incident.created_at >= f.since)
    if f.until:
        query = query.where(Incident.created_at <= f.until)
    if f.site:
        query = query.where(Incident.site == f.site)
    if f.q:
        needle = "%" + f.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Incident.search_text.like(needle, escape="\\"),
                                func.lower(Incident.title).like(needle, escape="\\")))
    return query


def list_incidents(session: Session, *, filters: IncidentFilters, page: int,
                   limit: int) -> tuple[list[Incident], int]:
    query = filtered_query(filters)
    return page_of(session, query, Incident.created_at.desc(), Incident.id.desc(),
                   page=page, limit=limit)


# -- helpers -----------------------------------------------------------------

def _lock(session: Session, incident_id: str) -> Incident:
    """Lock the incident for a change, first writing any SLA breach now due.

    Catching up here means a breach is never lost when an action lands
    between the deadline and the ticker's next look.
    """
    inc = get_incident(session, incident_id, for_update=True)
    note_breaches(session, inc, clock.now())
    return inc


def note_breaches(session: Session, inc: Incident, now: datetime) -> list[str]:
    """Append one `sla_breached` entry (and event) per newly breached stage."""
    stages = due_stages(inc, now)
    for stage in stages:
        setattr(inc, f"{stage}_breach_noted", True)
        due = getattr(inc, f"{stage}_due_at")
        _timeline(session, inc, "sla_breached",
                  f"SLA breached: {stage} was due {due.strftime('%H:%M:%S')} UTC", SYSTEM, now)
        _emit(session, inc, "incident.sla_breached", {"sla_stage": stage})
    return stages


def _move_forward(inc: Incident, target: str, now: datetime) -> None:
    """Advance the status; stages jumped over count as done now."""
    if not lifecycle.advances(inc.status, target):
        return
    inc.status = target
    if inc.acknowledged_at is None:
        inc.acknowledged_at = now
    if lifecycle.rank(target) >= lifecycle.rank("dispatched") and inc.dispatched_at is None:
        inc.dispatched_at = now


def _release_all(session: Session, inc: Incident, now: datetime) -> None:
    for asg in session.execute(
        select(Assignment).where(Assignment.incident_id == inc.id, Assignment.status != "released")
    ).scalars():
        asg.status = "released"
        asg.released_at = now
        session.add(asg)


def _timeline(session: Session, inc: Incident, event: str, message: str, actor: Actor,
              now: datetime, actor_name: str | None = None) -> TimelineEntry:
    entry = TimelineEntry(incident_id=inc.id, event=event, status=inc.status,
                          message=message[:5000], actor=actor.ref,
                          actor_name=actor_name or actor.name, timestamp=now)
    session.add(entry)
    inc.updated_at = now
    session.add(inc)
    return entry


def _record(session: Session, inc: Incident, event: str, message: str, actor: Actor,
            now: datetime, actor_name: str | None = None) -> Incident:
    """A change's timeline entry and its event, named after it (`incident.<event>`)."""
    _timeline(session, inc, event, message, actor, now, actor_name=actor_name)
    _emit(session, inc, f"incident.{event}")
    return inc


def _last_actor_name(session: Session, incident_id: str, event: str) -> str | None:
    return session.execute(
        select(TimelineEntry.actor_name).where(TimelineEntry.incident_id == incident_id,
                                               TimelineEntry.event == event)
        .order_by(TimelineEntry.id.desc()).limit(1)
    ).scalar_one_or_none()


# session.info key: incident id -> its view as this transaction's last event of it
# showed it (see `view_of`).
_VIEWS = "sety_incident_views"


def _emit(session: Session, inc: Incident, type_: str, extra: dict[str, Any] | None = None,
          view: dict[str, Any] | None = None) -> None:
    session.flush()
    view = view if view is not None else incident_view(session, inc)
    session.info.setdefault(_VIEWS, {})[inc.id] = view
    record_event(session, type_, {**view, **extra} if extra else view)


def view_of(session: Session, inc: Incident) -> dict[str, Any]:
    """The incident's view after this transaction's change to it.

    A change already built the view for its event (after its last write to
    the incident), so the caller's answer reuses it instead of reading the
    incident, its timeline and its responders a second time. Read afresh when
    nothing was emitted (an idempotent replay, a read).
    """
    view = session.info.get(_VIEWS, {}).get(inc.id)
    return view if view is not None else incident_view(session, inc)


# -- for other domains ----------------------------------------------------------

def lock_for_change(session: Session, incident_id: str) -> Incident:
    """The incident, locked for a change by another domain (e.g. a muster
    mark), with any SLA breach now due written first."""
    return _lock(session, incident_id)


def append_note(session: Session, inc: Incident, message: str, actor: Actor,
                event_data: dict[str, Any] | None = None) -> None:
    """A `note_added` timeline entry and its `incident.note_added` event, whose
    data also carries `event_data` (what another domain noted, as data)."""
    _timeline(session, inc, "note_added", message, actor, clock.now())
    _emit(session, inc, "incident.note_added", event_data)


def append_timeline_entry(session: Session, inc: Incident, event: str, message: str,
                          actor: Actor, at: datetime) -> None:
    """One timeline entry written by another domain (e.g. a unit accepting its
    assignment on its phone); the caller holds the incident's lock."""
    _timeline(session, inc, event, message, actor, at)


def emit_incident_event(session: Session, inc: Incident, type_: str) -> None:
    """The incident's event after another domain changed it, in the same transaction."""
    _emit(session, inc, type_)
