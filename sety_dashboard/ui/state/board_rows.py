"""The dispatch board's rows: shaping, filtering and counting (no Reflex here).

A row is the small part of an Incident the board shows; a live push sends
rows, not whole incidents with their timelines.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.place import place_without_address
from sety_dashboard.domain.incidents.triage import (
    LATE,
    WAITING,
    attention,
    needs_alert,
    stage_window,
    urgency_key,
)

# How many open incidents the board holds at most (most urgent first).
BOARD_LIMIT = 300
# A row that arrived live stays highlighted this long (seconds).
FRESH_FOR_S = 60.0


@dataclass
class BoardRow:
    incident_id: str = ""
    title: str = ""
    category: str = ""
    severity: str = ""
    status: str = ""
    is_drill: bool = False
    subject_name: str = ""
    subject_phone: str = ""
    place: str = ""
    created_at: str = ""
    responders: str = ""
    sla_stage: str = ""
    sla_start: str = ""
    sla_due: str = ""
    breached: bool = False
    # triage.attention: "waiting" (ack/dispatch overdue), "late" (resolve overdue) or "".
    attention: str = ""
    # Nobody acknowledged it yet (triage.needs_alert): the banner on every page.
    alert: bool = False
    lng: float = 0.0
    lat: float = 0.0


@dataclass
class BoardFilters:
    status: str = "all"
    category: str = "all"
    severity: str = "all"
    show_drills: bool = True
    q: str = ""


@lru_cache(maxsize=4096)
def unnamed_place(lat: float, lng: float) -> str:
    """Coordinates + nearest safe zone for an incident with no address
    (domain/incidents/place.py). One small indexed query per new position,
    remembered per worker: events of the same incident cost nothing; a safe
    zone added later shows for incidents whose position is new."""
    with read_session() as session:
        return place_without_address(session, lat=lat, lng=lng)


def row_from_view(view: dict[str, Any]) -> BoardRow:
    subject = view.get("subject") or {}
    location = view.get("location") or {}
    sla = view.get("sla") or {}
    stage, start, due = stage_window(view)
    lng, lat = (location.get("coordinates") or [0.0, 0.0])[:2]
    active = [a for a in view.get("responders") or [] if a.get("status") != "released"]
    return BoardRow(
        incident_id=view["incident_id"], title=view.get("title") or "",
        category=view.get("category") or "", severity=view.get("severity") or "",
        status=view.get("status") or "", is_drill=bool(view.get("is_drill")),
        subject_name=subject.get("name") or "", subject_phone=subject.get("phone") or "",
        place=" · ".join(p for p in (location.get("address"), location.get("landmark")) if p)
        or unnamed_place(round(float(lat), 5), round(float(lng), 5)),
        created_at=view.get("created_at") or "",
        responders=", ".join((a.get("responder") or {}).get("name", "?") for a in active),
        sla_stage=stage, sla_start=start, sla_due=due,
        breached=bool(sla.get("breached")), attention=attention(view), alert=needs_alert(view),
        lng=float(lng), lat=float(lat),
    )


def is_open(view: dict[str, Any]) -> bool:
    return view.get("status") in OPEN


def _matches(row: dict[str, Any], f: BoardFilters) -> bool:
    if f.status != "all" and row["status"] != f.status:
        return False
    if f.category != "all" and row["category"] != f.category:
        return False
    if f.severity != "all" and row["severity"] != f.severity:
        return False
    if not f.show_drills and row["is_drill"]:
        return False
    if f.q:
        hay = " ".join((row["title"], row["subject_name"], row["subject_phone"], row["place"],
                        row["incident_id"])).lower()
        if f.q.lower() not in hay:
            return False
    return True


def visible_rows(entries: dict[str, dict[str, Any]], f: BoardFilters) -> list[BoardRow]:
    """`entries` maps incident id → {"row": row dict, "key": urgency key}."""
    chosen = [e for e in entries.values() if _matches(e["row"], f)]
    chosen.sort(key=lambda e: tuple(e["key"]))
    return [BoardRow(**e["row"]) for e in chosen]


def counters(entries: dict[str, dict[str, Any]], show_drills: bool) -> dict[str, int]:
    rows = [e["row"] for e in entries.values() if show_drills or not e["row"]["is_drill"]]
    return {
        "open": len(rows),
        "unacknowledged": sum(1 for r in rows if r["alert"]),
        # The same two styles as the rows: overdue on our side / late to close.
        "waiting": sum(1 for r in rows if r["attention"] == WAITING),
        "late": sum(1 for r in rows if r["attention"] == LATE),
        "on_scene": sum(1 for r in rows if r["status"] == "on_scene"),
    }


def alert_rows(entries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The unacknowledged incidents, most urgent first (the banner's queue)."""
    chosen = sorted((e for e in entries.values() if e["row"]["alert"]),
                    key=lambda e: tuple(e["key"]))
    return [e["row"] for e in chosen]


def entry_for(view: dict[str, Any]) -> dict[str, Any]:
    return {"row": dataclasses.asdict(row_from_view(view)), "key": list(urgency_key(view))}


# Map marker colour per severity (the board and the incident page).
SEVERITY_COLORS = {"critical": "#e5484d", "high": "#f76b15", "medium": "#ffc53d", "low": "#8b8d98"}
