"""The dispatch board's state: the live queue of open incidents.

`load` reads the open incidents from the database (and refreshes the
worker's `BOARD` with it); afterwards the live bridge applies every incident
event to `BOARD` once. What the board shows (rows, counters, highlighted
arrivals) is computed from `BOARD` for the tab's filters — computed vars, so
the tab's state holds none of it — and the bridge sends it once per event to
all the tabs with the same filters (`live.share_view`), without entering
their states. A push carries the board's compact rows, never timelines.
"""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

import reflex as rx

from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import AcknowledgeRequest, NoteRequest
from sety_dashboard.domain.incidents.read_model import incident_view
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui import live
from sety_dashboard.ui.state.assign import AssignState
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.dialog_targets import ASSIGN_FOR, NOTE_FOR, close, push_open
from sety_dashboard.ui.state.fields import set_typed
from sety_dashboard.ui.viewmodels.board_cache import BOARD
from sety_dashboard.ui.viewmodels.board_rows import BoardFilters, BoardRow

BOARD_TOPIC = "board"
# The filters `set_filter` may change; the search box has its own event (trimmed, debounced).
_CHOOSERS = ("filter_status", "filter_category", "filter_severity", "show_drills")
# The vars every tab with the same filters shows alike (see `board_view`).
SHARED_VARS = ("rows", "counts", "fresh_ids")


def incident_topics(data: dict[str, Any]) -> list[str]:
    return [BOARD_TOPIC, f"incident:{data.get('incident_id')}"]


live.add_topic_rule("incident.", incident_topics)


def board_view(f: BoardFilters) -> dict[str, Any]:
    """What a board with filters `f` shows now: the one rule for the tab's
    computed vars and for the bridge's shared push."""
    return {"rows": BOARD.rows(f), "counts": BOARD.counts(f.show_drills),
            "fresh_ids": BOARD.fresh_ids()}


def _view_key(f: BoardFilters) -> tuple[Any, ...]:
    return astuple(f)


class BoardState(AuthState):
    """One tab's dispatch board. The rows themselves live in the worker's
    `BOARD` (board_cache.py); this tab holds its filters and what it has
    selected, and shows `board_view(filters)`."""

    loaded: bool = False
    # The row the keyboard points at (j / k move, a acknowledges, n notes).
    selected_id: str = ""
    busy_id: str = ""
    # The board's note dialog opens and closes in the browser
    # (dialog_targets.NOTE_FOR); its form names the incident and carries a
    # client id made there. The server only adds the note, once per form.
    note_busy: bool = False
    # Note submissions answered so far (clears the form's "sending" mark).
    note_answered: int = 0

    filter_status: str = "all"
    filter_category: str = "all"
    filter_severity: str = "all"
    show_drills: bool = True
    search: str = ""

    def _filters(self) -> BoardFilters:
        return BoardFilters(status=self.filter_status, category=self.filter_category,
                            severity=self.filter_severity, show_drills=self.show_drills,
                            q=self.search.strip())

    # Computed from BOARD whenever the tab's state is sent (a reconnect's
    # hydrate included), so they are never older than what the bridge sent.
    @rx.var(cache=False)
    def rows(self) -> list[BoardRow]:
        return BOARD.rows(self._filters()) if self.loaded else []

    @rx.var(cache=False)
    def counts(self) -> dict[str, int]:
        return BOARD.counts(self.show_drills)

    @rx.var(cache=False)
    def fresh_ids(self) -> list[str]:
        # Rows that arrived live on this worker, highlighted for a while.
        return BOARD.fresh_ids() if self.loaded else []

    def _refresh_rows(self) -> None:
        """The tab shows another view (load, a filter): tell the bridge, and
        send the computed vars even if Reflex thinks the browser has them."""
        f = self._filters()
        if self.selected_id and not any(r.incident_id == self.selected_id
                                        for r in BOARD.rows(f)):
            self.selected_id = ""
        live.set_view(self, _view_key(f))
        live.resend(self, *SHARED_VARS)

    @rx.event
    async def load(self):
        # `loaded` is not reset: a reload (a reconnect's catch-up) keeps the
        # rows on screen while it re-reads, so nothing blinks or moves.
        if await self.admit(can_dispatch) is None:
            live.unwatch(self)
            return self.refused()
        await BOARD.refresh()
        self.loaded = True
        live.watch(self, BOARD_TOPIC, view=_view_key(self._filters()))
        self._refresh_rows()
        return None

    def _clear_page(self) -> None:
        self.loaded = False

    # -- filters -----------------------------------------------------------------

    @rx.event
    async def set_filter(self, name: str, value: str | bool):
        """One of the board's choosers changed (status, category, severity, drills)."""
        if set_typed(self, _CHOOSERS, name, value):
            await self._show_filtered()

    @rx.event
    async def set_search(self, value: str):
        self.search = value[:200]
        await self._show_filtered()

    @rx.event
    async def clear_filters(self):
        self.filter_status = self.filter_category = self.filter_severity = "all"
        self.show_drills = True
        self.search = ""
        await self._show_filtered()

    async def _show_filtered(self) -> None:
        await BOARD.ensure()
        self._refresh_rows()

    # -- keyboard and quick actions -------------------------------------------------

    @rx.event
    def select(self, incident_id: str):
        self.selected_id = incident_id

    @rx.event
    async def shortcut(self, key: str):
        """j / k move the selection, Enter opens it, a acknowledges, d assigns
        a responder, n adds a note. Actions only ever touch the highlighted
        row: with none highlighted, the key highlights the first row and
        does nothing else (the dispatcher sees what the next key acts on).

        n and d reach here only when the highlighted row has no such button
        (the page clicks the row's button in the browser when it has one,
        so the dialog opens with no round trip); the dialog is then opened
        from here."""
        ids = [r.incident_id for r in self.rows]
        if not ids:
            return None
        at = ids.index(self.selected_id) if self.selected_id in ids else -1
        if key == "j":
            self.selected_id = ids[min(at + 1, len(ids) - 1)]
        elif key == "k":
            self.selected_id = ids[max(at - 1, 0)]
        elif at < 0:
            self.selected_id = ids[0]
        elif key == "enter":
            return rx.redirect(f"/incidents/{ids[at]}")
        elif key == "a":
            return await self._acknowledge(ids[at])
        elif key == "d":
            return [push_open(ASSIGN_FOR, ids[at], BOARD.title(ids[at])),
                    AssignState.open_for(ids[at])]
        elif key == "n":
            self._open_note(ids[at])
            return push_open(NOTE_FOR, ids[at], BOARD.title(ids[at]))
        return None

    @rx.event
    def assign(self, incident_id: str):
        """The row's Assign button (its dialog is already open in the browser)."""
        self.selected_id = incident_id
        return AssignState.open_for(incident_id)

    @rx.event
    async def acknowledge(self, incident_id: str):
        return await self._acknowledge(incident_id)

    async def _acknowledge(self, incident_id: str) -> Any:
        self.selected_id = incident_id
        self.busy_id = incident_id
        view = await self.act(can_dispatch, lambda s, a: incident_view(
            s, service.acknowledge_incident(s, incident_id=incident_id,
                                            request=AcknowledgeRequest(), actor=a)))
        self.busy_id = ""
        if view is None:
            return self.refused()
        return rx.toast.success(f"Acknowledged: {view['title']}", id="sety-ack")

    @rx.event
    def open_note(self, incident_id: str):
        """The row's note button (its dialog is already open in the browser)."""
        self._open_note(incident_id)

    def _open_note(self, incident_id: str) -> None:
        self.selected_id = incident_id
        self.action_error = ""

    @rx.event
    async def submit_note(self, form: dict[str, Any]):
        async for update in self._answered_once("note_busy", "note_answered",
                                               lambda: self._submit_note(form)):
            yield update

    async def _submit_note(self, form: dict[str, Any]) -> Any:
        client_id = str(form.get("client_id") or "")
        if self.submitted_before(client_id):
            return None  # the same submission again (double click): already added
        message = str(form.get("message") or "").strip()
        incident_id = str(form.get("incident_id") or "")
        if not message or not incident_id:
            self.action_error = "Write the note first."
            return rx.toast.error(self.action_error)
        view = await self.act(can_dispatch, lambda s, a: incident_view(
            s, service.add_note(s, incident_id=incident_id, request=NoteRequest(message=message),
                                actor=a)), client_id=client_id or None)
        if view is None:
            return self.refused()
        return [close(NOTE_FOR), rx.toast.success("Note added")]


live.share_view(BoardState, lambda view: board_view(BoardFilters(*view)),
                lambda: BOARD.version)
