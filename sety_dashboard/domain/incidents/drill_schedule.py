"""Drills planned for a time, and the duty that starts them then.

Starting is run-once per cluster: every worker process runs the scheduler,
and each claims a due drill with one conditional UPDATE (`status` planned →
started) inside the transaction that creates its incident. Only the UPDATE
that changed a row goes on; the others see zero rows and skip it, so two
workers never start the same drill twice. A failure rolls the claim back
with the incident, and the next pass tries again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.core.ids import new_id
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import InvalidTransition, ValidationFailed
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.drill_models import ScheduledDrill
from sety_dashboard.domain.incidents.drill_templates import (
    MAX_AHEAD,
    TEMPLATES,
    Place,
    drill_title,
    incident_request,
    template,
)
from sety_dashboard.domain.rows import get_or_not_found

log = logging.getLogger(__name__)


def schedule_drill(session: Session, *, template_key: str, place: Place, starts_at: datetime,
                   actor: Actor, name: str | None = None,
                   description: str | None = None) -> ScheduledDrill:
    t = template(template_key)
    now = clock.now()
    if starts_at <= now:
        raise ValidationFailed("the start time must be in the future", "starts_at", "invalid")
    if starts_at - now > MAX_AHEAD:
        raise ValidationFailed("a drill can be planned at most 90 days ahead", "starts_at",
                               "out_of_range")
    row = ScheduledDrill(
        id=new_id("drl"), template=t.key, site=place.site if t.at_site else None,
        title=drill_title(t, place, name), lng=place.lng, lat=place.lat, address=place.address,
        description=(description or "").strip() or None, status="planned", starts_at=starts_at,
        created_by=actor.id, created_by_name=actor.name, created_at=now)
    session.add(row)
    session.flush()
    return row


def cancel_scheduled(session: Session, *, drill_id: str) -> ScheduledDrill:
    row = get_or_not_found(session, ScheduledDrill, drill_id, "scheduled drill")
    changed = session.execute(
        update(ScheduledDrill).where(ScheduledDrill.id == drill_id,
                                     ScheduledDrill.status == "planned")
        .values(status="cancelled", cancelled_at=clock.now())
        .execution_options(synchronize_session=False)).rowcount
    session.refresh(row)
    if not changed:
        raise InvalidTransition(f"the drill is already {row.status}")
    return row


def upcoming(session: Session, limit: int = 50) -> list[ScheduledDrill]:
    """Planned drills, soonest first, then the latest started or cancelled."""
    planned = session.execute(
        select(ScheduledDrill).where(ScheduledDrill.status == "planned")
        .order_by(ScheduledDrill.starts_at, ScheduledDrill.id).limit(limit)).scalars().all()
    return list(planned)


def scheduled_view(row: ScheduledDrill) -> dict[str, Any]:
    return {"drill_id": row.id, "template": row.template,
            "template_label": TEMPLATES[row.template].label if row.template in TEMPLATES
            else row.template, "site": row.site, "title": row.title, "status": row.status,
            "starts_at": iso(row.starts_at), "created_by_name": row.created_by_name,
            "incident_id": row.incident_id}


def _start(session: Session, row: ScheduledDrill, now: datetime) -> str | None:
    """Claim and start one due drill; None when another worker claimed it."""
    claimed = session.execute(
        update(ScheduledDrill).where(ScheduledDrill.id == row.id,
                                     ScheduledDrill.status == "planned")
        .values(status="started", started_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if not claimed:
        return None
    t = template(row.template)
    place = Place(site=row.site, lng=row.lng, lat=row.lat, address=row.address)
    # The supervisor who planned it is the drill's author, as if they had
    # pressed Start at that moment.
    actor = Actor(kind="user", id=row.created_by, name=f"{row.created_by_name} (scheduled)",
                  role="supervisor")
    incident = service.create_incident(
        session, request=incident_request(t, place, row.title, row.description),
        actor=actor).incident
    session.execute(update(ScheduledDrill).where(ScheduledDrill.id == row.id)
                    .values(incident_id=incident.id)
                    .execution_options(synchronize_session=False))
    return incident.id


def start_due_drills() -> list[str]:
    """Start every planned drill whose time has come (one transaction each).
    Returns the incident ids this call started."""
    now = clock.now()
    with read_session() as session:
        due = list(session.execute(
            select(ScheduledDrill).where(ScheduledDrill.status == "planned",
                                         ScheduledDrill.starts_at <= now)
            .order_by(ScheduledDrill.starts_at)).scalars())
        for row in due:
            session.expunge(row)
    started = []
    for row in due:
        try:
            with write_session() as session:
                incident_id = _start(session, row, now)
        except Exception:  # one bad drill must not stop the others
            log.exception("starting scheduled drill %s failed", row.id)
            continue
        if incident_id:
            started.append(incident_id)
    return started
