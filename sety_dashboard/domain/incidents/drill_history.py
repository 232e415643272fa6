"""The drill record: the last drills at each site with their scorecards, so a
supervisor sees whether the site is getting faster (and a CSV of the same).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.domain.incidents.scorecard import scorecards

PER_SITE = 10
NO_SITE = "No site"  # how drills raised without a site are grouped


def recent_drills(session: Session, per_site: int = PER_SITE) -> list[dict[str, Any]]:
    """`[{"site", "drills": [scorecard + title, category, created_at], …}]`,
    sites by name, each site's drills newest first, at most `per_site` each."""
    ranked = select(
        Incident.id,
        func.row_number().over(partition_by=Incident.site,
                               order_by=(Incident.created_at.desc(), Incident.id.desc()))
        .label("n"),
    ).where(Incident.is_drill.is_(True)).subquery()
    rows = list(session.execute(
        select(Incident).join(ranked, ranked.c.id == Incident.id)
        .where(ranked.c.n <= per_site)
        .order_by(Incident.created_at.desc(), Incident.id.desc())
    ).scalars())
    cards = scorecards(session, rows)
    by_site: dict[str, list[dict[str, Any]]] = {}
    for inc, card in zip(rows, cards, strict=True):
        entry = {**card, "title": inc.title, "category": inc.category,
                 "created_at": iso(inc.created_at)}
        by_site.setdefault(inc.site or NO_SITE, []).append(entry)
    return [{"site": site, "drills": by_site[site]}
            for site in sorted(by_site, key=lambda s: (s == NO_SITE, s.lower()))]


def stage(card: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in card["stages"] if s["stage"] == name)


CSV_COLUMNS = ("site", "incident_id", "started_at", "title", "category", "ended", "duration_s",
               "acknowledge_s", "acknowledge_met", "dispatch_s", "dispatch_met", "on_scene_s",
               "resolve_s", "resolve_met", "on_site", "accounted", "accounted_pct",
               "muster_completed_after_s", "notes", "responders")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def drills_csv(sites: list[dict[str, Any]]) -> str:
    """One row per drill, times in seconds (a spreadsheet does the rest)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for group in sites:
        for d in group["drills"]:
            m = d["muster"] or {}
            ack, disp, scene, res = (stage(d, s) for s in
                                     ("acknowledge", "dispatch", "on_scene", "resolve"))
            writer.writerow([_cell(v) for v in (
                group["site"], d["incident_id"], d["created_at"], d["title"], d["category"],
                d["ended"] or "open", d["duration_s"], ack["took_s"], ack["met"],
                disp["took_s"], disp["met"], scene["took_s"], res["took_s"], res["met"],
                m.get("on_site"), m.get("accounted"), m.get("accounted_pct"),
                m.get("completed_after_s"), d["notes"], d["responders"])])
    return out.getvalue()
