"""Start or plan a drill (supervisors and admins): pick a template and a
place, review who will be alerted, then confirm.

Templates, places and the audience come from the domain
(`domain/incidents/drill_templates.py`); a drill started now goes through
`create_incident` like any incident (with the signed-in user as the actor),
a planned one through `schedule_drill`, and the drill scheduler starts it
at its time. Dispatchers never see the button, and the server refuses them
anyway (`act(can_start_drills, …)`).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import reflex as rx
from sqlalchemy.orm import Session

from sety_dashboard.core.db import read_session
from sety_dashboard.core.localtime import local_zone
from sety_dashboard.core.timefmt import as_utc
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import DomainError, ValidationFailed
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.drill_schedule import schedule_drill
from sety_dashboard.domain.incidents.drill_templates import (
    TEMPLATES,
    Place,
    audience,
    drill_title,
    incident_request,
    known_sites,
    site_place,
    template,
    typed_place,
)
from sety_dashboard.domain.users.permissions import can_start_drills
from sety_dashboard.ui.state.auth import AuthState, describe_error
from sety_dashboard.ui.state.dialog_targets import DRILL_OPEN
from sety_dashboard.ui.state.drill_record import DrillRecordState
from sety_dashboard.ui.state.fields import TypedFields

# The place picker's value for "type the place instead".
CUSTOM = "__custom__"
TEMPLATE_CHOICES = [(t.key, t.label) for t in TEMPLATES.values()]


def parse_local(value: str) -> datetime:
    """`2026-12-01T14:30` (a datetime-local input, the site's zone) → UTC."""
    try:
        naive = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed("choose the date and time the drill starts", "starts_at",
                               "invalid") from None
    return as_utc(naive.replace(tzinfo=local_zone()))


def place_from(session: Session, form: dict[str, Any], site: str) -> Place:
    if site and site != CUSTOM:
        return site_place(session, site)
    return typed_place(str(form.get("site_name") or ""), form.get("lat") or "",
                       form.get("lng") or "", str(form.get("address") or ""))


def _review(form: dict[str, Any], site: str, key: str) -> dict[str, Any]:
    with read_session() as session:
        t = template(key)
        place = place_from(session, form, site)
        return {"title": drill_title(t, place, str(form.get("title") or "")),
                "place": place.name + (f" — {place.address}" if place.address and place.site
                                       else ""),
                "audience": audience(session, t, place)}


def _sites() -> list[str]:
    with read_session() as session:
        return [p.site for p in known_sites(session) if p.site]


class DrillState(TypedFields, AuthState):
    def _typed_fields(self) -> tuple[str, ...]:
        return ("site",)

    step: str = "form"  # "form", then "confirm"
    template_key: str = "fire_evacuation"
    site: str = CUSTOM
    sites: list[str] = []
    when: str = "now"  # "now" or "later"
    error: str = ""
    busy: bool = False
    confirm_title: str = ""
    confirm_place: str = ""
    confirm_when: str = ""
    confirm_audience: list[str] = []
    _form: dict[str, Any] = {}

    @rx.var
    def can_start_drill(self) -> bool:
        """Only shows the button; the server checks again on submit."""
        return can_start_drills(self.user_role)

    @rx.var
    def custom_location(self) -> bool:
        return self.site == CUSTOM

    @rx.event
    async def open_dialog(self):
        """The dialog is already open in the browser (dialog_targets.DRILL_OPEN):
        start at the form and fill in the known sites."""
        self.error = ""
        self.step = "form"
        self.sites = await asyncio.to_thread(_sites)
        if self.site not in self.sites:
            self.site = self.sites[0] if self.sites else CUSTOM

    @rx.event
    def set_template_key(self, value: str):
        if value in TEMPLATES:
            self.template_key = value

    @rx.event
    def set_when(self, value: str):
        self.when = "later" if value == "later" else "now"

    @rx.event
    def back(self):
        self.step = "form"
        self.error = ""

    @rx.event
    async def review(self, form: dict[str, Any]):
        """Step two: name the drill, the place and who will be alerted."""
        self.error = ""
        if await self.admit_action() is None:
            return self.refused()
        try:
            when = ""
            if self.when == "later":
                starts = parse_local(str(form.get("starts_at") or ""))
                when = "Starts by itself at " + starts.astimezone(local_zone()).strftime(
                    "%d %b %Y %H:%M:%S")
            summary = await asyncio.to_thread(_review, form, self.site, self.template_key)
        except DomainError as exc:
            self.error = describe_error(exc)
            return None
        self._form = dict(form)
        self.confirm_title, self.confirm_place = summary["title"], summary["place"]
        self.confirm_audience = summary["audience"]
        self.confirm_when = when or "Starts now, as soon as you confirm"
        self.step = "confirm"
        return None

    async def admit_action(self) -> Actor | None:
        actor = await self.current_actor()
        if actor is None or not can_start_drills(actor.role):
            self.action_error = "Your role is not allowed to start drills."
            self.error = self.action_error
            return None
        return actor

    @rx.event
    async def confirm(self):
        form, site, key, later = self._form, self.site, self.template_key, self.when == "later"
        self.busy = True
        self.error = ""
        yield

        def work(session: Session, actor: Actor) -> str:
            t = template(key)
            place = place_from(session, form, site)
            title = drill_title(t, place, str(form.get("title") or ""))
            description = str(form.get("description") or "")
            if later:
                return schedule_drill(session, template_key=key, place=place, actor=actor,
                                      starts_at=parse_local(str(form.get("starts_at") or "")),
                                      name=title, description=description).title
            return service.create_incident(
                session, request=incident_request(t, place, title, description),
                actor=actor).incident.title

        result = await self.act(can_start_drills, work)
        self.busy = False
        if result is None:
            self.error = self.action_error
            yield self.refused()
            return
        self.step = "form"
        yield DRILL_OPEN.push(False)  # closes the dialog in the browser
        yield rx.toast.success(f"Drill planned: {result}" if later else f"Drill started: {result}")
        if later:
            yield DrillRecordState.refresh_planned
