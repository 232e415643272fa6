"""After-action scorecards: how an incident or drill went, measured against
the SLA it was created with (the contract is ../shared/API.md, "Scorecard").

Every time is counted from the moment the incident was raised, the way the
SLA deadlines are. `on_scene` has no deadline of its own: it is when the
first responder reported on scene. A cancelled incident stops its clocks at
cancellation (as the SLA sweep does), so a stage not reached before a drill
was called off is "not reached", never "missed", unless its deadline had
already passed by then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.domain.access.models import MusterMark
from sety_dashboard.domain.access.muster import muster_list
from sety_dashboard.domain.incidents.models import Assignment, Incident, TimelineEntry
from sety_dashboard.domain.incidents.service import get_incident
from sety_dashboard.domain.incidents.sla import stage_breached, stage_done_at, stage_due_at

# The stages a scorecard shows, in the order they happen.
SCORECARD_STAGES = ("acknowledge", "dispatch", "on_scene", "resolve")


def _secs(start: datetime, end: datetime | None) -> int | None:
    return None if end is None else max(0, round((end - start).total_seconds()))


def ended(inc: Incident) -> str | None:
    if inc.resolved_at is not None or inc.status == "resolved":
        return "resolved"
    if inc.cancelled_at is not None or inc.status == "cancelled":
        return "cancelled"
    return None


def ended_at(inc: Incident) -> datetime | None:
    return inc.resolved_at or inc.cancelled_at


def _stage(inc: Incident, stage: str, on_scene_at: datetime | None, now: datetime) -> dict[str, Any]:
    if stage == "on_scene":
        # No deadline: how long it took, nothing to meet or miss.
        return {"stage": stage, "due_s": None, "took_s": _secs(inc.created_at, on_scene_at),
                "met": None}
    due_s = _secs(inc.created_at, stage_due_at(inc, stage))
    done = stage_done_at(inc, stage)
    if done is not None:
        met: bool | None = done <= stage_due_at(inc, stage)
    else:
        # Not reached: missed once its deadline passed (the clock stops at
        # cancellation), otherwise still undecided.
        met = False if stage_breached(inc, stage, now) else None
    return {"stage": stage, "due_s": due_s, "took_s": _secs(inc.created_at, done), "met": met}


def _muster(session: Session, inc: Incident) -> dict[str, Any] | None:
    """Who was on site and when the last of them was accounted for.

    For a closed incident only visitors inside at some moment while it was
    open count: people who arrived after the drill ended were never part of it.
    """
    if inc.site is None:
        return None
    until = ended_at(inc)
    people = [log for log in muster_list(session, inc.site, since=inc.created_at)
              if until is None or log.check_in_at <= until]
    marks = {m.log_id: m.marked_at for m in session.execute(
        select(MusterMark).where(MusterMark.incident_id == inc.id)).scalars()}
    accounted_at = [marks[p.id] for p in people if p.id in marks]
    on_site, accounted = len(people), len(accounted_at)
    complete = on_site > 0 and accounted == on_site
    return {"site": inc.site, "on_site": on_site, "accounted": accounted,
            "accounted_pct": round(100 * accounted / on_site) if on_site else None,
            "completed_after_s": _secs(inc.created_at, max(accounted_at)) if complete else None}


def _counts(session: Session, ids: list[str]) -> tuple[dict[str, int], dict[str, int],
                                                        dict[str, datetime]]:
    """Notes, distinct responders and first on-scene time per incident."""
    notes: dict[str, int] = defaultdict(int)
    for inc_id, n in session.execute(
        select(TimelineEntry.incident_id, func.count())
        .where(TimelineEntry.incident_id.in_(ids), TimelineEntry.event == "note_added")
        .group_by(TimelineEntry.incident_id)
    ).all():
        notes[inc_id] = n
    # A muster tick writes a note_added entry too ("X accounted for"); the
    # scorecard counts those under muster, not as notes.
    for inc_id, n in session.execute(
        select(MusterMark.incident_id, func.count())
        .where(MusterMark.incident_id.in_(ids)).group_by(MusterMark.incident_id)
    ).all():
        notes[inc_id] = max(0, notes[inc_id] - n)
    responders: dict[str, int] = defaultdict(int)
    on_scene: dict[str, datetime] = {}
    for inc_id, n, first in session.execute(
        select(Assignment.incident_id, func.count(func.distinct(Assignment.responder_id)),
               func.min(Assignment.on_scene_at))
        .where(Assignment.incident_id.in_(ids)).group_by(Assignment.incident_id)
    ).all():
        responders[inc_id] = n
        if first is not None:
            on_scene[inc_id] = first
    return notes, responders, on_scene


def scorecards(session: Session, incidents: Sequence[Incident], *,
               with_muster: bool = True) -> list[dict[str, Any]]:
    """The scorecards of many incidents with three grouped queries (plus one
    muster look-up per incident at a site when `with_muster`)."""
    if not incidents:
        return []
    now = clock.now()
    notes, responders, on_scene = _counts(session, [i.id for i in incidents])
    out = []
    for inc in incidents:
        stop = ended_at(inc) or now
        out.append({
            "incident_id": inc.id, "is_drill": inc.is_drill, "severity": inc.severity,
            "site": inc.site, "ended": ended(inc),
            "duration_s": _secs(inc.created_at, stop),
            "stages": [_stage(inc, s, on_scene.get(inc.id), now) for s in SCORECARD_STAGES],
            "muster": _muster(session, inc) if with_muster else None,
            "notes": notes[inc.id], "responders": responders[inc.id],
        })
    return out


def scorecard(session: Session, incident_id: str, *, with_muster: bool = True) -> dict[str, Any]:
    """One incident's scorecard (NotFound for an unknown id)."""
    return scorecards(session, [get_incident(session, incident_id)], with_muster=with_muster)[0]
