"""The dispatch board's units panel and map markers: the active assignments of
an incident and where each unit is, built from the domain's views (no Reflex here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.incidents.lifecycle import OPEN

STEP_LABELS = {"assigned": "Assigned", "en_route": "En route", "on_scene": "On scene"}


MARKER_COLOR = "#3e63dd"


@dataclass
class UnitRow:
    assignment_id: str = ""
    incident_id: str = ""
    incident_title: str = ""
    responder_name: str = ""
    status: str = ""
    status_label: str = ""
    accepted: bool = False
    accept_due_at: str = ""
    backup_at: str = ""


def unit_rows(view: dict[str, Any]) -> list[UnitRow]:
    """The active assignments of one incident (none once it is closed)."""
    if view.get("status") not in OPEN:
        return []
    return [UnitRow(
        assignment_id=a["assignment_id"], incident_id=view["incident_id"],
        incident_title=view.get("title") or "",
        responder_name=(a.get("responder") or {}).get("name") or "?",
        status=a.get("status") or "", status_label=STEP_LABELS.get(a.get("status") or "", ""),
        accepted=bool(a.get("accepted_at")), accept_due_at=a.get("accept_due_at") or "",
        backup_at=a.get("backup_requested_at") or "",
    ) for a in view.get("responders") or [] if a.get("status") != "released"]


def marker_for(view: dict[str, Any]) -> dict[str, Any] | None:
    """A map marker for an on-duty unit with a known position; it turns
    stale (drawn hollow) SETY_LOCATION_STALE_S after the position's time."""
    loc = view.get("location")
    if not view.get("on_duty") or not loc or not view.get("location_updated_at"):
        return None
    at = datetime.fromisoformat(view["location_updated_at"].replace("Z", "+00:00"))
    stale = iso(at + timedelta(seconds=get_settings().location_stale_s))
    lng, lat = loc["coordinates"]
    return {"id": "unit-" + view["responder_id"], "lat": lat, "lng": lng, "color": MARKER_COLOR,
            "radius": 6, "kind": "unit", "stale_after": stale,
            "label": f"{view.get('name')} (unit)"}
