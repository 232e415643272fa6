"""Shift handover: what is open now, which SLA deadlines were missed during
the shift, and the notes one shift leaves for the next (stored, so the
incoming shift reads them on any screen).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.ids import new_id
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.incidents.drill_models import ShiftNote
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.domain.incidents.sla import STAGES, stage_breached, stage_due_at

SHIFT_HOURS = (8, 12)
NOTE_MAX = 2000
NOTES_KEPT_H = 48  # notes older than two days are history, not handover


def open_incidents(session: Session) -> list[Incident]:
    return list(session.execute(
        select(Incident).where(Incident.status.in_(OPEN))
        .order_by(Incident.created_at, Incident.id)).scalars())


def breached_during(session: Session, since: datetime, until: datetime,
                    now: datetime | None = None) -> list[dict[str, Any]]:
    """Every SLA stage whose deadline fell in [since, until) and was missed,
    in deadline order."""
    now = now or clock.now()
    windows = [getattr(Incident, f"{s}_due_at").between(since, until) for s in STAGES]
    rows = session.execute(select(Incident).where(or_(*windows))).scalars()
    out = []
    for inc in rows:
        for s in STAGES:
            due = stage_due_at(inc, s)
            if since <= due < until and stage_breached(inc, s, now):
                out.append({"incident": inc, "stage": s, "due_at": due})
    return sorted(out, key=lambda b: (b["due_at"], b["incident"].id))


def add_note(session: Session, *, message: str, actor: Actor) -> ShiftNote:
    text = (message or "").strip()
    if not text:
        raise ValidationFailed("write the note first", "message", "required")
    if len(text) > NOTE_MAX:
        raise ValidationFailed(f"a note is at most {NOTE_MAX} characters", "message", "too_long")
    note = ShiftNote(id=new_id("shn"), message=text, author=actor.ref, author_name=actor.name,
                     created_at=clock.now())
    session.add(note)
    session.flush()
    return note


def recent_notes(session: Session) -> list[ShiftNote]:
    since = clock.now() - timedelta(hours=NOTES_KEPT_H)
    return list(session.execute(
        select(ShiftNote).where(ShiftNote.created_at >= since)
        .order_by(ShiftNote.created_at.desc(), ShiftNote.id.desc())).scalars())


def handover(session: Session, *, shift_hours: int) -> dict[str, Any]:
    if shift_hours not in SHIFT_HOURS:
        raise ValidationFailed("a shift is 8 or 12 hours", "shift_hours", "invalid")
    now = clock.now()
    since = now - timedelta(hours=shift_hours)
    return {
        "since": iso(since), "until": iso(now),
        "open": [{"incident_id": i.id, "title": i.title, "severity": i.severity,
                  "status": i.status, "is_drill": i.is_drill, "site": i.site,
                  "age_s": round((now - i.created_at).total_seconds())}
                 for i in open_incidents(session)],
        "breached": [{"incident_id": b["incident"].id, "title": b["incident"].title,
                      "stage": b["stage"], "due_at": iso(b["due_at"]),
                      "is_drill": b["incident"].is_drill, "status": b["incident"].status}
                     for b in breached_during(session, since, now, now)],
        "notes": [{"note_id": n.id, "message": n.message, "author_name": n.author_name,
                   "created_at": iso(n.created_at)} for n in recent_notes(session)],
    }
