"""One incident's page: everything in the Incident, its live timeline, and the
dispatcher's actions, each a call to the same domain service as the API.

The page watches `incident:<id>`; every event of that incident (made here,
in another browser, or through the API) replaces `incident` with the
event's object, so both dispatchers' screens end on the same timeline.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from sqlalchemy.orm import Session

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import NotFound
from sety_dashboard.domain.incidents import lifecycle, service
from sety_dashboard.domain.incidents.inputs import (
    AcknowledgeRequest,
    CancelRequest,
    NoteRequest,
    ResolveRequest,
    UpdateAssignmentRequest,
)
from sety_dashboard.domain.incidents.read_model import incident_view
from sety_dashboard.domain.users.permissions import can_cancel_drills, can_dispatch
from sety_dashboard.events.log import last_seq
from sety_dashboard.ui import live
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.fields import TypedFields
from sety_dashboard.ui.state.scorecard import ScorecardState
from sety_dashboard.ui.viewmodels.board_rows import SEVERITY_COLORS
from sety_dashboard.ui.viewmodels.incident_view import IncidentPage, page_from_view


def _read(incident_id: str) -> tuple[int, dict[str, Any] | None]:
    with read_session() as session:
        seq = last_seq(session)
        try:
            view = incident_view(session, service.get_incident(session, incident_id))
        except NotFound:
            view = None
        return seq, view


def _view_after(fn: Any) -> Any:
    """Wrap a domain service call so the action returns the incident view and
    the seq of its last event (read under the event counter's lock, which
    this transaction holds)."""
    def work(session: Session, actor: Actor) -> tuple[dict[str, Any], int]:
        view = incident_view(session, fn(session, actor))
        return view, last_seq(session)
    return work


class IncidentState(TypedFields, AuthState):
    """One tab's incident detail page."""

    def _typed_fields(self) -> tuple[str, ...]:
        return ("note_text", "cancel_reason")

    loaded: bool = False
    not_found: bool = False
    inc: IncidentPage = IncidentPage()
    busy: bool = False
    # Forms.
    note_text: str = ""
    # Nothing pre-selected: the dispatcher says how it ended.
    resolve_outcome: str = ""
    # Second step of "Resolve": the dispatcher confirms closing.
    resolve_confirm: bool = False
    resolve_notes: str = ""
    cancel_reason: str = ""
    # The action dialogs open and close in the browser (no round trip: they
    # open at once even while the server is slow), and their client id is
    # made there too (client_id.jsx). The server closes them after a
    # successful action by bumping this number, the dialogs' React key.
    dialog_gen: int = 0

    _seq: int = 0

    def _incident_id(self) -> str:
        """The id in this tab's URL (`/incidents/<id>`)."""
        return str(self.router.page.params.get("incident_id", ""))

    @rx.var
    def can_cancel_this(self) -> bool:
        """Drills: supervisors and admins only (the domain refuses the others)."""
        return not self.inc.is_drill or can_cancel_drills(self.user_role)

    @rx.var
    def notes_required(self) -> bool:
        return lifecycle.resolution_notes_required(self.inc.severity)

    @rx.var
    def location_markers(self) -> list[dict[str, Any]]:
        inc = self.inc
        if not inc.incident_id:
            return []
        return [{"id": inc.incident_id, "lat": inc.lat, "lng": inc.lng, "radius": 10,
                 "color": SEVERITY_COLORS.get(inc.severity, "#8b8d98"),
                 "label": inc.address or inc.title}]

    @rx.event
    async def shortcut(self, key: str):
        """a acknowledges. (n and d click the page's own buttons in the
        browser, which open their dialogs there: incident_detail.py.)"""
        if key == "a" and not self.inc.ack_blocked:
            return await self._acknowledge()
        return None

    def _apply(self, view: dict[str, Any], seq: int) -> None:
        """Show `view` unless this tab already shows that event or a later one."""
        if seq and seq <= self._seq:
            return
        self._seq = max(self._seq, seq)
        self.inc = page_from_view(view)

    @rx.event
    async def load(self):
        # Reloading the incident already shown (a reconnect's catch-up) keeps
        # the page and any open form; another incident starts clean.
        same = self.loaded and self.inc.incident_id == self._incident_id()
        if not same:
            self.loaded = False
            self.not_found = False
            self.dialog_gen += 1
        if await self.admit(can_dispatch) is None:
            live.unwatch(self)
            return self.refused()
        incident_id = self._incident_id()
        seq, view = await asyncio.to_thread(_read, incident_id)
        self._seq = 0
        if view is None:
            self.not_found = True
            self.inc = IncidentPage()
        else:
            self._apply(view, seq)
        self.loaded = True
        live.watch(self, f"incident:{incident_id}")
        return None

    def _clear_page(self) -> None:
        self.loaded = False
        self.inc = IncidentPage()
        self.dialog_gen += 1

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        if envelope.get("type") == live.RELOAD:
            seq, view = await asyncio.to_thread(_read, self._incident_id())
            if view is not None:
                self._apply(view, seq)
            return
        view = envelope.get("data") or {}
        if view.get("incident_id") == self._incident_id():
            self._apply(view, int(envelope.get("seq") or 0))

    def _new_form(self) -> None:
        self.action_error = ""
        self.resolve_confirm = False

    async def _run(self, fn: Any, done: str, allowed: Any = can_dispatch,
                   form: dict[str, Any] | None = None):
        """Run one action; the result (or the refusal) lands on this page.

        `form` carries the dialog's client id: a second submission of the
        same form (double click, resend) is answered without acting again."""
        client_id = str((form or {}).get("client_id") or "") or None
        self.busy = True
        done_view = await self.act(allowed, _view_after(fn), client_id=client_id)
        self.busy = False
        if done_view is None:
            # The domain said no (e.g. already acknowledged by someone else):
            # show the message and the incident as it now is.
            seq, fresh = await asyncio.to_thread(_read, self._incident_id())
            if fresh is not None:
                self._apply(fresh, seq)
            return self.refused()
        view, seq = done_view
        # This tab shows the result now; the bridge's copy of the same event
        # (same seq) is then skipped.
        self._apply(view, seq)
        self.dialog_gen += 1  # closes the open dialog
        return rx.toast.success(done)

    # -- actions -----------------------------------------------------------------

    @rx.event
    async def acknowledge(self):
        return await self._acknowledge()

    async def _acknowledge(self) -> Any:
        incident_id = self._incident_id()
        return await self._run(
            lambda s, a: service.acknowledge_incident(
                s, incident_id=incident_id, request=AcknowledgeRequest(), actor=a),
            "Acknowledged")

    @rx.event
    async def add_note(self, form: dict[str, Any] | None = None):
        message = str((form or {}).get("message", self.note_text)).strip()
        if not message:
            self.action_error = "Write the note first."
            return rx.toast.error(self.action_error)
        incident_id = self._incident_id()
        result = await self._run(
            lambda s, a: service.add_note(
                s, incident_id=incident_id, request=NoteRequest(message=message), actor=a),
            "Note added", form=form)
        if not self.action_error:
            self.note_text = ""
        return result

    @rx.event
    async def move_assignment(self, assignment_id: str, status: str):
        incident_id = self._incident_id()
        return await self._run(
            lambda s, a: service.update_assignment(
                s, incident_id=incident_id, assignment_id=assignment_id,
                request=UpdateAssignmentRequest(status=status), actor=a),
            f"Responder {status.replace('_', ' ')}")

    @rx.event
    async def resolve(self, form: dict[str, Any] | None = None):
        form = form or {}
        client_id = str(form.get("client_id") or "")
        if self.submitted_before(client_id):
            return None  # already resolved by this very form (double click)
        outcome = str(form.get("outcome") or self.resolve_outcome)
        notes = str(form.get("notes", self.resolve_notes)).strip() or None
        if not outcome:
            self.action_error = "Choose how it ended (the outcome)."
            return None
        if lifecycle.resolution_notes_required(self.inc.severity) and not notes:
            # Said before the confirmation step; the domain checks it again.
            self.action_error = (f"A {self.inc.severity} incident needs resolution notes: "
                                 "say what happened.")
            return None
        if not self.resolve_confirm:
            self.action_error = ""
            self.resolve_confirm = True  # one more click: closing is final
            return None
        incident_id = self._incident_id()
        result = self._then_scorecard(await self._run(
            lambda s, a: service.resolve_incident(
                s, incident_id=incident_id,
                request=ResolveRequest(resolution_outcome=outcome, resolution_notes=notes),
                actor=a, require_notes=True),
            "Resolved", form=form))
        self.resolve_confirm = False
        return result

    @rx.event
    async def cancel(self, form: dict[str, Any] | None = None):
        form = form or {}
        reason = str(form.get("reason", self.cancel_reason)).strip()
        if not reason:
            self.action_error = "Give the reason for cancelling."
            return rx.toast.error(self.action_error)
        incident_id = self._incident_id()
        return self._then_scorecard(await self._run(
            lambda s, a: service.cancel_incident(
                s, incident_id=incident_id, request=CancelRequest(reason=reason), actor=a),
            "Cancelled", form=form))

    def _then_scorecard(self, result: Any) -> Any:
        """Ending a drill opens its scorecard (ui/components/scorecard.py)."""
        if self.action_error or not self.inc.is_drill:
            return result
        return [result, ScorecardState.show]

    # -- form fields and dialogs ------------------------------------------------

    @rx.event
    def new_form(self):
        """A dialog was opened (already showing): forget the last form's
        error and confirmation step."""
        self._new_form()

    @rx.event
    def set_resolve_outcome(self, value: str):
        self.resolve_outcome = value
        self.resolve_confirm = False

    @rx.event
    def set_resolve_notes(self, value: str):
        self.resolve_notes = value
        self.resolve_confirm = False

