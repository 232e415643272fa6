"""The parts of an Incident view that every dashboard view of an incident
shows (the board's row, the incident page, the responder's card), read from
the view in one place: its headline, its SLA countdown, where it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents.place import place_without_address
from sety_dashboard.domain.incidents.triage import stage_window


@dataclass
class IncidentHead:
    """What names an incident on screen (the status is left to each view:
    a responder's card shows the assignment's)."""

    incident_id: str = ""
    title: str = ""
    category: str = ""
    severity: str = ""
    is_drill: bool = False


@dataclass
class SlaClock:
    """What the SLA countdown (`components/sla.py`) is given: the stage
    running, when its clock started and when it is due, and whether any
    stage was late."""

    sla_stage: str = ""
    sla_start: str = ""
    sla_due: str = ""
    breached: bool = False


def head(view: dict[str, Any]) -> dict[str, Any]:
    return {"incident_id": view.get("incident_id") or "", "title": view.get("title") or "",
            "category": view.get("category") or "", "severity": view.get("severity") or "",
            "is_drill": bool(view.get("is_drill"))}


def sla_clock(view: dict[str, Any]) -> dict[str, Any]:
    stage, start, due = stage_window(view)
    return {"sla_stage": stage, "sla_start": start, "sla_due": due,
            "breached": bool((view.get("sla") or {}).get("breached"))}


def point(view: dict[str, Any]) -> tuple[float, float]:
    """(lat, lng) of the incident."""
    lng, lat = ((view.get("location") or {}).get("coordinates") or [0.0, 0.0])[:2]
    return float(lat), float(lng)


@lru_cache(maxsize=4096)
def unnamed_place(lat: float, lng: float) -> str:
    """Coordinates + nearest safe zone for an incident with no address
    (domain/incidents/place.py). One small indexed query per new position,
    remembered per worker: events of the same incident cost nothing; a safe
    zone added later shows for incidents whose position is new."""
    with read_session() as session:
        return place_without_address(session, lat=lat, lng=lng)


def place_of(lat: float, lng: float) -> str:
    """The place an incident without an address is shown at."""
    return unnamed_place(round(lat, 5), round(lng, 5))
