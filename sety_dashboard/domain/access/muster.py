"""Who is on site during an emergency, and who has been accounted for.

An open SOS or fire incident at a site turns that site's visitor list into a
muster list: everyone who was inside when the incident was raised, plus
everyone who arrived since. Marking a person accounted for writes a
`note_added` entry to the incident's timeline (and `incident.note_added`),
so the dispatcher sees the roll call in the same place as everything else.

Sites are compared case-insensitively; an incident without a site musters
the visitors checked in without a site (a single-building deployment that
never names sites still gets a muster list).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.access.models import AccessLog, MusterMark
from sety_dashboard.domain.access.read_model import MusterEntryView, current_view
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import InvalidTransition, NotFound
from sety_dashboard.domain.incidents import lifecycle
from sety_dashboard.domain.incidents import service as incidents
from sety_dashboard.domain.incidents.models import Incident

# Incidents that empty a building and call for a roll call.
MUSTER_CATEGORIES = ("sos", "fire")


def _site_is(column: Any, site: str | None) -> Any:
    return column.is_(None) if site is None else func.lower(column) == site.lower()


def muster_list(session: Session, site: str | None, *,
                since: datetime | None = None) -> list[AccessLog]:
    """Visitors at `site` who are inside now or, with `since`, were inside at
    any moment from `since` on (so someone who left after the alarm is still
    listed, to be ticked off). Ordered by name."""
    query = select(AccessLog).where(_site_is(AccessLog.site, site))
    if since is None:
        query = query.where(AccessLog.status == "checked_in")
    else:
        query = query.where(or_(AccessLog.check_out_at.is_(None), AccessLog.check_out_at > since))
    return list(session.execute(
        query.order_by(func.lower(AccessLog.visitor_name), AccessLog.check_in_at, AccessLog.id)
    ).scalars())


def incident_muster(session: Session, incident_id: str) -> dict[str, Any]:
    """The muster list of an incident with who is accounted for."""
    inc = incidents.get_incident(session, incident_id)
    return _muster_view(session, inc)


def worth_showing(view: dict[str, Any]) -> bool:
    """Whether a dashboard shows this muster list: always for an incident at
    a site; for one without a site (often someone out in the city) only when
    visitors without a site are on it."""
    return view["site"] is not None or view["count"] > 0


def desk_musters(session: Session, site: str | None) -> list[dict[str, Any]]:
    """The roll calls a visitor board shows: the open SOS and fire incidents
    at `site` (at every named site when None: a supervisor's all-sites
    view), oldest emergency first.

    An incident without a site (a street SOS from the mobile app) never
    raises one at a desk: it happened in no building of ours.
    """
    if site is not None and not site.strip():
        return []
    return [_muster_view(session, inc) for inc in open_emergencies(session, site)
            if inc.site is not None]


def mark_accounted(session: Session, *, incident_id: str, log_id: str,
                   actor: Actor, emergencies_only: bool = False) -> dict[str, Any]:
    """Mark one visitor accounted for. Marking twice changes nothing.

    `emergencies_only` (the dashboard): only for SOS and fire incidents, the
    ones whose muster lists the front desk is shown.
    """
    inc = incidents.lock_for_change(session, incident_id)
    now = clock.now()
    lifecycle.require_open(inc.status, "take a muster")
    if emergencies_only and inc.category not in MUSTER_CATEGORIES:
        raise InvalidTransition("a muster is taken for SOS and fire incidents only")
    log = session.get(AccessLog, log_id)
    on_list = {row.id: row for row in muster_list(session, inc.site, since=inc.created_at)}
    if log is None or log.id not in on_list:
        raise NotFound(f"visitor {log_id} is not on the muster list of incident {incident_id}")
    try:
        with session.begin_nested():
            session.add(MusterMark(incident_id=inc.id, log_id=log.id, marked_at=now,
                                   actor=actor.ref, actor_name=actor.name))
            session.flush()
    except IntegrityError:
        return _muster_view(session, inc)  # already accounted for
    incidents.append_note(session, inc, f"{log.visitor_name} accounted for", actor,
                          {"muster": {"log_id": log.id, "visitor_name": log.visitor_name,
                                      "accounted": True}})
    return _muster_view(session, inc)


def _muster_view(session: Session, inc: Incident) -> dict[str, Any]:
    now = clock.now()
    marks = {m.log_id: m for m in session.execute(
        select(MusterMark).where(MusterMark.incident_id == inc.id)).scalars()}
    rows: list[MusterEntryView] = []
    for log in muster_list(session, inc.site, since=inc.created_at):
        mark = marks.get(log.id)
        rows.append({**current_view(log, now), "accounted": mark is not None,
                     "accounted_at": iso(mark.marked_at) if mark else None,
                     "accounted_by": mark.actor_name if mark else None})
    accounted = sum(1 for r in rows if r["accounted"])
    return {"incident_id": inc.id, "site": inc.site, "category": inc.category,
            "incident_status": inc.status, "is_drill": inc.is_drill,
            "started_at": iso(inc.created_at), "data": rows, "count": len(rows),
            "accounted": accounted, "missing": len(rows) - accounted}


def open_emergencies(session: Session, site: str | None = None) -> list[Incident]:
    """Open SOS and fire incidents (drills included: a fire drill is when a
    muster is practised), oldest first; only those at `site` when given."""
    query = select(Incident).where(Incident.status.in_(lifecycle.OPEN),
                                   Incident.category.in_(MUSTER_CATEGORIES))
    if site is not None:
        query = query.where(_site_is(Incident.site, site))
    return list(session.execute(query.order_by(Incident.created_at, Incident.id)).scalars())


def open_sos_count(session: Session) -> int:
    """What the front desk may know of incidents: how many SOS are open."""
    return session.execute(
        select(func.count()).select_from(Incident)
        .where(Incident.status.in_(lifecycle.OPEN), Incident.category == "sos")
    ).scalar_one()
