"""Writing events in the transaction of the change, publishing after commit.

`record_event` appends the event row to the caller's transaction and keeps
its envelope in `session.info`. The SQLAlchemy `after_commit` listener below
(registered when this module is imported, which every writer of events
does) hands those envelopes to the bus once the commit succeeded; the
`after_rollback` listener drops them. Nothing else publishes events.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.ids import new_id
from sety_dashboard.core.timefmt import iso
from sety_dashboard.events.bus import get_bus
from sety_dashboard.events.models import EventRecord

log = logging.getLogger(__name__)

EVENT_TYPES = (
    "incident.created", "incident.acknowledged", "incident.responder_assigned",
    "incident.responder_updated", "incident.note_added", "incident.sla_breached",
    "incident.resolved", "incident.cancelled", "access.checked_in", "access.checked_out",
    "access.checkout_undone",
    "access.denied", "access_code.created", "access_code.revoked", "safe_zone.created", "ping",
)

_PENDING = "sety_pending_events"


def record_event(session: Session, type_: str, data: dict[str, Any]) -> dict[str, Any]:
    """Append an event row to the current transaction; return its envelope.

    The envelope is published on the bus once (and only if) the transaction
    commits.
    """
    seq = session.execute(
        text("UPDATE event_counter SET value = value + 1 WHERE name = 'events' RETURNING value")
    ).scalar_one()
    created = clock.now()
    rec = EventRecord(id=new_id("evt"), seq=seq, type=type_, created_at=created, data=data)
    session.add(rec)
    envelope = to_envelope(rec)
    session.info.setdefault(_PENDING, []).append(envelope)
    return envelope


def notice_after_commit(session: Session, type_: str, data: dict[str, Any]) -> None:
    """Publish a bus-only notice (no `seq`, not in the log, never sent to
    stream clients or webhooks) once this transaction commits: live
    dashboards use it for changes that are not events in API.md."""
    session.info.setdefault(_PENDING, []).append({"type": type_, "data": data})


def to_envelope(rec: EventRecord) -> dict[str, Any]:
    return envelope(rec.id, rec.seq, rec.type, rec.created_at, rec.data)


def envelope(id_: str, seq: int, type_: str, created_at: datetime,
             data: dict[str, Any]) -> dict[str, Any]:
    """The event as API.md shows it (from a row's columns, without the ORM object)."""
    return {"id": id_, "seq": seq, "type": type_, "created_at": iso(created_at), "data": data}


def events_after(session: Session, after_seq: int, limit: int = 500) -> list[dict[str, Any]]:
    rows = session.execute(
        select(EventRecord).where(EventRecord.seq > after_seq).order_by(EventRecord.seq).limit(limit)
    ).scalars()
    return [to_envelope(r) for r in rows]


def last_seq(session: Session) -> int:
    return session.execute(
        text("SELECT value FROM event_counter WHERE name = 'events'")
    ).scalar_one()


@event.listens_for(Session, "after_commit")
def _publish_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    bus = get_bus()
    for envelope in pending:
        try:
            bus.publish(envelope)
        except Exception:  # the row is committed; stream replay and webhooks still have it
            log.exception("publishing %s failed", envelope["id"])


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
