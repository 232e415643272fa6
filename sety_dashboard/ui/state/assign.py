"""The "Assign a responder" dialog, shared by the board and the incident page.

The picker lists on-duty responders as the domain ranks them for this
incident (domain/responders/nearby.py): state, role, distance and rough ETA,
nearest available first, far units last. Assigning a unit that is busy on
another incident asks once more. Each opened form has a client id (made in
the browser), so a double click assigns once.

The dialog opens and closes in the browser (dialog_targets.ASSIGN_FOR):
`open_for` only loads the list; a successful `submit` closes it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.errors import NotFound
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import AssignRequest
from sety_dashboard.domain.incidents.read_model import incident_view
from sety_dashboard.domain.responders.nearby import Candidate, candidates_for
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.dialog_targets import ASSIGN_FOR, close
from sety_dashboard.ui.state.fields import TypedFields


def _candidate_item(c: Candidate) -> dict[str, Any]:
    where = "position unknown" if c.distance_km is None else (
        f"{c.distance_km:.1f} km · about {c.eta_min} min")
    return {"id": c.responder_id, "name": c.name, "role": c.role or "—", "unit": c.unit,
            "state": c.state, "available": c.available, "far": c.far, "where": where,
            "eta_min": "" if c.eta_min is None else str(c.eta_min)}


def _read(incident_id: str) -> tuple[str, list[dict[str, Any]]] | None:
    with read_session() as session:
        try:
            inc = service.get_incident(session, incident_id)
        except NotFound:
            return None
        found = candidates_for(session, lat=inc.lat, lng=inc.lng, exclude_incident=inc.id)
        return inc.title, [_candidate_item(c) for c in found]


class AssignState(TypedFields, AuthState):
    def _typed_fields(self) -> tuple[str, ...]:
        return ("eta_min",)

    loading: bool = False
    incident_id: str = ""
    incident_title: str = ""
    candidates: list[dict[str, Any]] = []
    chosen_id: str = ""
    eta_min: str = ""
    # Set when the chosen unit is busy elsewhere and the dispatcher must say yes.
    confirm_busy: bool = False
    busy: bool = False
    # Submissions answered so far: each answer clears the form's "sending"
    # mark in the browser (client_id.jsx), so the button works again.
    answered: int = 0

    @rx.var
    def chosen(self) -> dict[str, Any]:
        return next((c for c in self.candidates if c["id"] == self.chosen_id), {})

    @rx.event
    async def open_for(self, incident_id: str):
        """The dialog is already open in the browser: load its list."""
        if not incident_id:
            return
        self.loading = True
        self.incident_id = incident_id
        self.incident_title = ""
        self.candidates = []
        self.chosen_id = self.eta_min = ""
        self.confirm_busy = False
        self.action_error = ""
        yield
        found = await asyncio.to_thread(_read, incident_id)
        self.loading = False
        if found is None:
            self.action_error = "This incident no longer exists."
            return
        self.incident_title, self.candidates = found

    @rx.event
    def choose(self, responder_id: str):
        self.chosen_id = responder_id
        self.confirm_busy = False
        self.action_error = ""
        pick = self.chosen
        self.eta_min = str(pick.get("eta_min") or "")

    @rx.event
    async def submit(self, form: dict[str, Any]):
        async for update in self._answered_once("busy", "answered", lambda: self._submit(form)):
            yield update

    async def _submit(self, form: dict[str, Any]) -> Any:
        client_id = str(form.get("client_id") or "")
        if self.submitted_before(client_id):
            return None  # this form was already submitted (double click)
        if str(form.get("incident_id") or "") != self.incident_id or self.loading:
            # The list shown belongs to another incident or is still loading.
            self.action_error = "Wait for the list of responders, then choose one."
            return None
        pick = self.chosen
        if not pick:
            self.action_error = "Choose a responder from the list."
            return None
        if not pick["available"] and not self.confirm_busy:
            # One more click, on purpose: the unit is working another incident.
            self.confirm_busy = True
            return None
        eta_text = str(form.get("eta_min", self.eta_min)).strip()
        eta_s = None
        if eta_text:
            try:
                eta_s = int(round(float(eta_text) * 60))
            except ValueError:
                self.action_error = "ETA must be a number of minutes."
                return None
        incident_id, responder_id = self.incident_id, pick["id"]
        view = await self.act(can_dispatch, lambda s, a: incident_view(s, service.assign_responder(
            s, incident_id=incident_id,
            request=AssignRequest(responder_id=responder_id, eta_s=eta_s), actor=a)),
            client_id=client_id or None)
        if view is None:
            return self.refused()
        return [close(ASSIGN_FOR), rx.toast.success(f"{pick['name']} assigned")]
