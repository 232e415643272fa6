"""Finding SLA deadlines that passed while nobody touched the incident."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.domain.incidents.service import get_incident, note_breaches


def _due_ids(now: datetime) -> list[str]:
    with read_session() as session:
        return list(session.execute(
            select(Incident.id).where(
                Incident.status.in_(OPEN),
                or_(
                    and_(~Incident.acknowledge_breach_noted, Incident.acknowledge_due_at < now,
                         Incident.acknowledged_at.is_(None)),
                    and_(~Incident.dispatch_breach_noted, Incident.dispatch_due_at < now,
                         Incident.dispatched_at.is_(None)),
                    and_(~Incident.resolve_breach_noted, Incident.resolve_due_at < now),
                ),
            )
        ).scalars())


def sweep_sla_breaches(now: datetime | None = None) -> int:
    """Write the `sla_breached` entries now due; return how many were written.

    Each incident is re-checked under its row lock, so two workers sweeping
    at once still write each breach once.
    """
    now = now or clock.now()
    written = 0
    for incident_id in _due_ids(now):
        with write_session() as session:
            inc = get_incident(session, incident_id, for_update=True)
            written += len(note_breaches(session, inc, now))
    return written
