"""The dispatch board's rows: shaping, filtering and counting (no Reflex here).

A row is the small part of an Incident the board shows; a live push sends
rows, not whole incidents with their timelines.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.triage import (
    LATE,
    WAITING,
    attention,
    needs_alert,
    urgency_key,
)
from sety_dashboard.ui.viewmodels.incident_parts import (
    IncidentHead,
    SlaClock,
    head,
    place_of,
    point,
    sla_clock,
)

# How many open incidents the board holds at most (most urgent first).
BOARD_LIMIT = 300
# A row that arrived live stays highlighted this long (seconds).
FRESH_FOR_S = 60.0


@dataclass
class BoardRow(IncidentHead, SlaClock):
    status: str = ""
    subject_name: str = ""
    subject_phone: str = ""
    place: str = ""
    created_at: str = ""
    responders: str = ""
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


def row_from_view(view: dict[str, Any]) -> BoardRow:
    subject = view.get("subject") or {}
    location = view.get("location") or {}
    lat, lng = point(view)
    active = [a for a in view.get("responders") or [] if a.get("status") != "released"]
    return BoardRow(
        **head(view), **sla_clock(view), status=view.get("status") or "",
        subject_name=subject.get("name") or "", subject_phone=subject.get("phone") or "",
        place=" · ".join(p for p in (location.get("address"), location.get("landmark")) if p)
        or place_of(lat, lng),
        created_at=view.get("created_at") or "",
        responders=", ".join((a.get("responder") or {}).get("name", "?") for a in active),
        attention=attention(view), alert=needs_alert(view), lng=lng, lat=lat,
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
