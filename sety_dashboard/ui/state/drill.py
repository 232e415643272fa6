"""Start a drill from the dispatch board (supervisors and admins).

A drill is an ordinary incident with `is_drill=True`, created through the
same domain service as the API (`create_incident`) with the signed-in user
as the actor, so it goes through the same lifecycle and timeline, and shows
on every board with its DRILL badge. Dispatchers never see the button, and
the server refuses them anyway (`act(can_start_drills, …)`).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from sety_dashboard.demo.places import SITES
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.schemas import CreateIncidentRequest
from sety_dashboard.domain.users.permissions import can_start_drills
from sety_dashboard.ui.state.auth import AuthState

# The site picker's value for "type the coordinates instead".
CUSTOM = "__custom__"
SITE_NAMES = [name for name, *_ in SITES]
_SITES = {name: (lng, lat, address) for name, lng, lat, address in SITES}


def _number(form: dict[str, Any], key: str, label: str) -> float:
    raw = str(form.get(key) or "").strip().replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        raise ValidationFailed(f"{label} must be a number, e.g. 6.4281", key, "invalid") from None


def drill_request(form: dict[str, Any], site: str, category: str) -> CreateIncidentRequest:
    """The form as a CreateIncidentRequest (validation errors in words)."""
    exercise = str(form.get("title") or "").strip()
    body: dict[str, Any] = {
        "category": category, "is_drill": True,
        "subject": {"name": str(form.get("subject_name") or "").strip() or "Drill participant"},
        "title": exercise or None,
        "description": str(form.get("description") or "").strip() or None,
    }
    if site in _SITES:
        lng, lat, address = _SITES[site]
        body["site"] = site
        body["location"] = {"coordinates": [lng, lat], "address": address}
    else:
        lat = _number(form, "lat", "Latitude")
        lng = _number(form, "lng", "Longitude")
        address = str(form.get("address") or "").strip() or None
        body["location"] = {"coordinates": [lng, lat], "address": address}
    return CreateIncidentRequest(**body)


class DrillState(AuthState):
    dialog_open: bool = False
    category: str = "fire"
    site: str = SITE_NAMES[0]
    error: str = ""
    busy: bool = False

    @rx.var
    def can_start_drill(self) -> bool:
        """Only shows the button; the server checks again on submit."""
        return can_start_drills(self.user_role)

    @rx.var
    def custom_location(self) -> bool:
        return self.site == CUSTOM

    @rx.event
    def open_dialog(self):
        self.error = ""
        self.dialog_open = True

    @rx.event
    def set_open(self, is_open: bool):
        self.dialog_open = is_open

    @rx.event
    def set_category(self, value: str):
        self.category = value

    @rx.event
    def set_site(self, value: str):
        self.site = value

    @rx.event
    async def submit(self, form: dict[str, Any]):
        site, category = self.site, self.category
        self.busy = True
        self.error = ""
        yield
        result = await self.act(can_start_drills, lambda s, a: service.create_incident(
            s, request=drill_request(form, site, category), actor=a).incident.title)
        self.busy = False
        if result is None:
            self.error = self.action_error
            yield self.refused()
            return
        self.dialog_open = False
        yield rx.toast.success(f"Drill started: {result}")
