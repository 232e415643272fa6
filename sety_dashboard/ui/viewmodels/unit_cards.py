"""The responder page's cards: the part of an assignment and its incident
the unit sees on its phone (pure shaping, no Reflex here)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from sety_dashboard.domain.incidents.triage import current_stage
from sety_dashboard.ui.viewmodels.incident_parts import IncidentHead, SlaClock, head, point

STEP_LABELS = {"assigned": "Assigned", "en_route": "En route", "on_scene": "On scene",
               "released": "Released"}
STAGE_LABELS = {"acknowledge": "Waiting to be acknowledged", "dispatch": "Waiting for dispatch",
                "resolve": "Waiting to be resolved"}
# How many of the dispatchers' latest notes the card shows.
NOTES_SHOWN = 5


@dataclass
class UnitCard(IncidentHead, SlaClock):
    assignment_id: str = ""
    status: str = ""            # the assignment's: assigned, en_route, on_scene
    status_label: str = ""
    accepted: bool = False
    backup_requested: bool = False
    assigned_at: str = ""
    subject_name: str = ""
    subject_phone: str = ""
    tel_href: str = ""
    address: str = ""
    landmark: str = ""
    lat: float = 0.0
    lng: float = 0.0
    distance: str = ""
    geo_href: str = ""
    osm_href: str = ""
    notes: list[str] = field(default_factory=list)
    sla_label: str = ""


def format_distance(metres: float | None) -> str:
    if metres is None:
        return "Distance unknown: share your location"
    if metres < 1000:
        return f"{round(metres / 10) * 10:.0f} m away"
    return f"{metres / 1000:.1f} km away"


def map_links(lat: float, lng: float, label: str) -> tuple[str, str]:
    """A `geo:` URI (the phone's maps app) and an OpenStreetMap link."""
    q = urllib.parse.quote(label[:80]) if label else ""
    geo = f"geo:{lat:.6f},{lng:.6f}?q={lat:.6f},{lng:.6f}" + (f"({q})" if q else "")
    osm = (f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lng:.6f}"
           f"#map=17/{lat:.6f}/{lng:.6f}")
    return geo, osm


def card_for(view: dict[str, Any], assignment_id: str, distance_m: float | None,
             me_user_ref: str = "") -> UnitCard | None:
    """The card for one of the unit's assignments, or None when it is over
    (released, or the incident closed)."""
    if view.get("status") in ("resolved", "cancelled"):
        return None
    asg = next((a for a in view.get("responders") or []
                if a.get("assignment_id") == assignment_id), None)
    if asg is None or asg.get("status") == "released":
        return None
    subject = view.get("subject") or {}
    location = view.get("location") or {}
    lat, lng = point(view)
    sla = view.get("sla") or {}
    stage = current_stage(view) or ""
    phone = subject.get("phone") or ""
    notes = [n for n in (asg.get("note"), view.get("description")) if n]
    notes += [f"{t.get('actor_name') or 'Dispatcher'}: {t.get('message')}"
              for t in view.get("timeline") or []
              if t.get("event") == "note_added" and t.get("actor") != me_user_ref]
    geo, osm = map_links(lat, lng, location.get("address") or view.get("title") or "")
    return UnitCard(
        **head(view), assignment_id=assignment_id,
        status=asg.get("status") or "", status_label=STEP_LABELS.get(asg.get("status") or "", ""),
        accepted=bool(asg.get("accepted_at")),
        backup_requested=bool(asg.get("backup_requested_at")),
        assigned_at=asg.get("assigned_at") or "",
        subject_name=subject.get("name") or "", subject_phone=phone,
        tel_href=f"tel:{phone}" if phone else "",
        address=location.get("address") or "", landmark=location.get("landmark") or "",
        lat=lat, lng=lng, distance=format_distance(distance_m),
        geo_href=geo, osm_href=osm, notes=notes[-NOTES_SHOWN:],
        sla_stage=stage, sla_label=STAGE_LABELS.get(stage, ""),
        sla_due=(sla.get(f"{stage}_due_at") if stage else "") or "",
        sla_start=view.get("created_at") or "" if stage else "",
        breached=bool(sla.get("breached")),
    )


def my_assignment_ids(view: dict[str, Any], responder_id: str) -> list[str]:
    """Every assignment of this unit on the incident (released ones too)."""
    return [a["assignment_id"] for a in view.get("responders") or []
            if (a.get("responder") or {}).get("responder_id") == responder_id]
