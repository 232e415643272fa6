"""A responder's own work: the assignments of the unit a `responder` user is,
and what that unit may do with them (accept, move, note, ask for backup,
report its position).

The ownership rule lives here, once: a responder acts only on assignments
whose `responder_id` is their own roster entry; anything else is refused
(`Forbidden`) before the incident is read. The state changes themselves go
through the incident service, the same functions the API and the
dispatchers use, so the timeline, the events and the webhooks are the same.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.common import GeoPoint
from sety_dashboard.domain.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from sety_dashboard.domain.incidents import lifecycle
from sety_dashboard.domain.incidents import service as incidents
from sety_dashboard.domain.incidents.inputs import NoteRequest, UpdateAssignmentRequest
from sety_dashboard.domain.incidents.models import Assignment, Incident
from sety_dashboard.domain.incidents.read_model import incident_views
from sety_dashboard.domain.responders.inputs import UpdateResponderRequest
from sety_dashboard.domain.responders.models import Responder
from sety_dashboard.domain.responders.service import get_responder, update_responder
from sety_dashboard.domain.users.permissions import is_responder

# The unit's next move, in order: the phone shows one button for it.
NEXT_STEP = {"assigned": "en_route", "en_route": "on_scene", "on_scene": "released"}
MAX_REASON = 500


def unit_of(actor: Actor) -> str:
    """The roster entry of a responder user; anyone else is refused."""
    if actor.kind != "user" or not is_responder(actor.role) or not actor.responder_id:
        raise Forbidden("only a responder account has assignments of its own")
    return actor.responder_id


def own_assignment(session: Session, actor: Actor, assignment_id: str) -> Assignment:
    """The assignment, when it is this responder's; refused otherwise (the
    same answer for another unit's assignment and one that does not exist,
    so ids cannot be probed)."""
    unit = unit_of(actor)
    asg = session.get(Assignment, assignment_id)
    if asg is None or asg.responder_id != unit:
        raise Forbidden("this assignment is not yours")
    return asg


def my_assignments(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """The unit's active assignments, newest first, each with its incident
    (the Incident view) and the distance from the unit's last position."""
    unit = unit_of(actor)
    rows = session.execute(
        select(Assignment, Incident).join(Incident, Incident.id == Assignment.incident_id)
        .where(Assignment.responder_id == unit, Assignment.status != "released",
               Incident.status.in_(lifecycle.OPEN))
        .order_by(Assignment.assigned_at.desc(), Assignment.id.desc())
    ).all()
    views = {v["incident_id"]: v for v in incident_views(session, [i for _, i in rows])}
    me = session.get(Responder, unit)
    return [{"assignment_id": asg.id, "incident": views[inc.id],
             "distance_m": distance_m(me, inc.lat, inc.lng)} for asg, inc in rows]


def distance_m(responder: Responder | None, lat: float, lng: float) -> float | None:
    """Great-circle distance from the unit's last reported position (None
    when it has none)."""
    if responder is None or responder.lat is None or responder.lng is None:
        return None
    return distance_between(responder.lat, responder.lng, lat, lng)


def distance_between(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Haversine distance in metres (plenty for "how far is the call")."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000.0 * math.asin(math.sqrt(a))


def accept(session: Session, *, assignment_id: str, actor: Actor) -> Incident:
    """The unit confirms it got the assignment: `accepted_at`, a timeline
    entry and `incident.responder_updated` (no new event type)."""
    asg = own_assignment(session, actor, assignment_id)
    inc = _lock_held(session, asg)
    if asg.accepted_at is not None:
        raise InvalidTransition("you already accepted this assignment")
    lifecycle.require_open(inc.status, "accept")
    return _note_step(session, inc, asg, "accepted_at", "responder_updated", "accepted", actor)


def advance(session: Session, *, assignment_id: str, status: str, note: str | None,
            actor: Actor) -> Incident:
    """En route, on scene, released: the incident service's move, for the
    unit's own assignment. Releasing needs a short reason."""
    asg = own_assignment(session, actor, assignment_id)
    note = (note or "").strip() or None
    if status == "released" and not note:
        raise ValidationFailed("say why you are releasing (a few words)", "note", "required")
    if note and len(note) > MAX_REASON:
        raise ValidationFailed(f"keep the reason under {MAX_REASON} characters", "note", "too_long")
    return incidents.update_assignment(
        session, incident_id=asg.incident_id, assignment_id=asg.id,
        request=UpdateAssignmentRequest(status=status, note=note), actor=actor)


def add_note(session: Session, *, assignment_id: str, message: str, actor: Actor) -> Incident:
    asg = own_assignment(session, actor, assignment_id)
    if asg.status == "released":
        raise InvalidTransition("the assignment was already released")
    return incidents.add_note(session, incident_id=asg.incident_id,
                              request=NoteRequest(message=message), actor=actor)


def request_backup(session: Session, *, assignment_id: str, reason: str | None,
                   actor: Actor) -> Incident:
    """The unit asks for backup: an `escalated` timeline entry, the
    assignment's `backup_requested_at`, and `incident.responder_updated`
    (the dispatch board alerts on it)."""
    asg = own_assignment(session, actor, assignment_id)
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ValidationFailed(f"keep the reason under {MAX_REASON} characters", "reason",
                               "too_long")
    inc = _lock_held(session, asg)
    lifecycle.require_open(inc.status, "ask for backup")
    message = "needs backup" + (f": {reason}" if reason else "")
    return _note_step(session, inc, asg, "backup_requested_at", "escalated", message, actor)


def _lock_held(session: Session, asg: Assignment) -> Incident:
    """The assignment's incident, locked for a change (any SLA breach now due
    written first), with the assignment re-read under that lock: refused if
    it was released meanwhile."""
    inc = incidents.lock_for_change(session, asg.incident_id)
    session.refresh(asg)
    if asg.status == "released":
        raise InvalidTransition("the assignment was already released")
    return inc


def _note_step(session: Session, inc: Incident, asg: Assignment, stamp: str, entry: str,
               what: str, actor: Actor) -> Incident:
    """A step the unit took: stamp `stamp` on its assignment now, a timeline
    entry "<unit> <what>", and `incident.responder_updated`."""
    now = clock.now()
    setattr(asg, stamp, now)
    session.add(asg)
    name = get_responder(session, asg.responder_id).name
    incidents.append_timeline_entry(session, inc, entry, f"{name} {what}", actor, now)
    incidents.emit_incident_event(session, inc, "incident.responder_updated")
    return inc


def report_location(session: Session, *, actor: Actor, lng: float, lat: float) -> Responder:
    """The phone's position, stored on the unit's roster entry through the
    same function as `PATCH /v1/responders/{id}` with `location`; refused
    while the unit is off duty."""
    unit = unit_of(actor)
    me = session.get(Responder, unit)
    if me is not None and not me.on_duty:
        # Positions are shared only on duty (the consent covers work hours).
        raise InvalidTransition("you are off duty: your location is not shared")
    try:
        request = UpdateResponderRequest(location=GeoPoint(coordinates=(lng, lat)))
    except ValueError as exc:
        raise ValidationFailed(f"location: {exc}", "location", "invalid") from exc
    try:
        return update_responder(session, responder_id=unit, request=request)
    except NotFound as exc:
        raise Forbidden("your roster entry no longer exists; ask a dispatcher") from exc
