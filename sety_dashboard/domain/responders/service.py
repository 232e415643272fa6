"""The responder roster: who can be sent, and who is on duty."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.ids import new_id
from sety_dashboard.domain.responders.inputs import CreateResponderRequest, UpdateResponderRequest
from sety_dashboard.domain.responders.models import Responder
from sety_dashboard.domain.responders.read_model import responder_view
from sety_dashboard.domain.rows import get_or_not_found, page_of
from sety_dashboard.events.log import notice_after_commit

# The bus-only notice sent after a roster entry changed (location, duty, …).
RESPONDER_NOTICE = "responder.updated"


def create_responder(session: Session, *, request: CreateResponderRequest) -> Responder:
    now = clock.now()
    r = Responder(id=new_id("rsp"), name=request.name, phone=request.phone, role=request.role,
                  unit=request.unit, on_duty=request.on_duty, created_at=now, updated_at=now)
    if request.location:
        r.lng, r.lat = request.location.coordinates
        r.location_updated_at = now
    session.add(r)
    session.flush()
    return r


def get_responder(session: Session, responder_id: str) -> Responder:
    return get_or_not_found(session, Responder, responder_id, "responder")


def update_responder(session: Session, *, responder_id: str,
                     request: UpdateResponderRequest) -> Responder:
    r = get_responder(session, responder_id)
    now = clock.now()
    for field in request.model_fields_set:
        if field == "location":
            r.lng, r.lat = request.location.coordinates if request.location else (None, None)
            r.location_updated_at = now if request.location else None
        else:
            setattr(r, field, getattr(request, field))
    r.updated_at = now
    session.add(r)
    session.flush()
    # Not an API event (API.md's list is unchanged): a bus-only notice, so the
    # dispatch board's map moves the unit's marker live.
    notice_after_commit(session, RESPONDER_NOTICE, responder_view(r))
    return r


def list_responders(session: Session, *, on_duty: bool | None, page: int,
                    limit: int) -> tuple[list[Responder], int]:
    query = select(Responder)
    if on_duty is not None:
        query = query.where(Responder.on_duty == on_duty)
    return page_of(session, query, Responder.name, Responder.id, page=page, limit=limit)
