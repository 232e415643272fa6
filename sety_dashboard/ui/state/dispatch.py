"""The dispatch board's state: the live queue of open incidents.

`load` reads the open incidents from the database; afterwards the live
bridge (`ui/live.py`) hands every incident event to `_on_live`, which
replaces that one incident's row. Only `rows`, `counts` and the map points
change, so a push is the board's rows, never timelines.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.schemas import AcknowledgeRequest, NoteRequest
from sety_dashboard.domain.incidents.service import IncidentFilters, list_incidents
from sety_dashboard.domain.incidents.views import incident_view, incident_views
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.events.log import last_seq
from sety_dashboard.ui import live
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.board_rows import (
    BOARD_LIMIT,
    BoardFilters,
    BoardRow,
    counters,
    entry_for,
    is_open,
    map_markers,
    visible_rows,
)

BOARD_TOPIC = "board"
# A row that arrived live stays highlighted this long (seconds).
FRESH_FOR_S = 60.0


def incident_topics(data: dict[str, Any]) -> list[str]:
    return [BOARD_TOPIC, f"incident:{data.get('incident_id')}"]


live.add_topic_rule("incident.", incident_topics)


def _read_open() -> tuple[int, list[dict[str, Any]]]:
    with read_session() as session:
        seq = last_seq(session)  # first: anything up to here is in what follows
        incidents, _ = list_incidents(session, filters=IncidentFilters(status=list(OPEN)),
                                      page=1, limit=BOARD_LIMIT)
        return seq, incident_views(session, incidents)


class DispatchState(AuthState):
    """One tab's dispatch board."""

    loaded: bool = False
    rows: list[BoardRow] = []
    counts: dict[str, int] = {"open": 0, "unacknowledged": 0, "breached": 0, "on_scene": 0}
    # Rows that arrived while this board was open, highlighted for a while.
    fresh_ids: list[str] = []
    # Bumped for each new incident: the alert component plays its sound.
    alert_seq: int = 0
    alert_text: str = ""
    # "1" when this browser silenced the alert sound (kept across reloads).
    muted: str = rx.LocalStorage("0", name="sety_muted")

    # Open incidents on the map: [{"id", "lat", "lng", "color", "label", "href"}].
    markers: list[dict[str, Any]] = []
    # The row the keyboard points at (j / k move, a acknowledges, n notes).
    selected_id: str = ""
    busy_id: str = ""
    # The board's own note dialog ("" = closed).
    note_for: str = ""
    note_title: str = ""
    note_text: str = ""

    filter_status: str = "all"
    filter_category: str = "all"
    filter_severity: str = "all"
    show_drills: bool = True
    search: str = ""

    # incident id → {"row": …, "key": urgency key, "seq": last event seq applied}
    _entries: dict[str, dict[str, Any]] = {}
    _fresh_at: dict[str, float] = {}

    def _filters(self) -> BoardFilters:
        return BoardFilters(status=self.filter_status, category=self.filter_category,
                            severity=self.filter_severity, show_drills=self.show_drills,
                            q=self.search.strip())

    def _refresh_rows(self) -> None:
        rows = visible_rows(self._entries, self._filters())
        self.rows = rows
        counts = counters(self._entries, self.show_drills)
        if counts != self.counts:
            self.counts = counts
        # The map changes only when a marker does (keeps pushes small).
        markers = map_markers(rows)
        if markers != self.markers:
            self.markers = markers
        if self.selected_id and all(r.incident_id != self.selected_id for r in rows):
            self.selected_id = ""

    @rx.event
    async def load(self):
        self.loaded = False
        if await self.admit(can_dispatch) is None:
            live.unwatch(self)
            return self.refused()
        seq, views = await asyncio.to_thread(_read_open)
        entries = {}
        for view in views:
            entry = entry_for(view)
            entry["seq"] = seq
            entries[view["incident_id"]] = entry
        self._entries = entries
        self._fresh_at = {}
        self.fresh_ids = []
        self._refresh_rows()
        self.loaded = True
        live.watch(self, BOARD_TOPIC)
        return None

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        if envelope.get("type") == live.RELOAD:
            seq, views = await asyncio.to_thread(_read_open)
            self._entries = {v["incident_id"]: {**entry_for(v), "seq": seq} for v in views}
            self._refresh_rows()
            return
        view = envelope.get("data") or {}
        incident_id = view.get("incident_id")
        if not incident_id:
            return
        seq = int(envelope.get("seq") or 0)
        known = self._entries.get(incident_id)
        if known is not None and known.get("seq", 0) >= seq:
            return  # already applied (or newer): pushes are idempotent
        entries = dict(self._entries)
        if is_open(view):
            entries[incident_id] = {**entry_for(view), "seq": seq}
        else:
            entries.pop(incident_id, None)
        self._entries = entries
        now = time.monotonic()
        fresh = {k: t for k, t in self._fresh_at.items()
                 if now - t < FRESH_FOR_S and k in entries}
        if envelope.get("type") == "incident.created" and known is None:
            fresh[incident_id] = now
            self.alert_seq += 1
            drill = "DRILL — " if view.get("is_drill") else ""
            place = (view.get("location") or {}).get("address") or ""
            self.alert_text = f"{drill}{view.get('title', 'New incident')}" + (
                f" · {place}" if place else "")
        self._fresh_at = fresh
        if sorted(fresh) != sorted(self.fresh_ids):
            self.fresh_ids = list(fresh)
        self._refresh_rows()

    # -- filters -----------------------------------------------------------------

    @rx.event
    def set_filter_status(self, value: str):
        self.filter_status = value
        self._refresh_rows()

    @rx.event
    def set_filter_category(self, value: str):
        self.filter_category = value
        self._refresh_rows()

    @rx.event
    def set_filter_severity(self, value: str):
        self.filter_severity = value
        self._refresh_rows()

    @rx.event
    def set_show_drills(self, value: bool):
        self.show_drills = value
        self._refresh_rows()

    @rx.event
    def set_search(self, value: str):
        self.search = value[:200]
        self._refresh_rows()

    @rx.event
    def clear_filters(self):
        self.filter_status = self.filter_category = self.filter_severity = "all"
        self.show_drills = True
        self.search = ""
        self._refresh_rows()

    @rx.event
    def dismiss_alert(self):
        self.alert_text = ""

    @rx.event
    def toggle_mute(self):
        self.muted = "0" if self.muted == "1" else "1"

    # -- keyboard and quick actions -------------------------------------------------

    @rx.event
    def select(self, incident_id: str):
        self.selected_id = incident_id

    @rx.event
    async def shortcut(self, key: str):
        """j / k move the selection, Enter opens it, a acknowledges, n adds a note."""
        ids = [r.incident_id for r in self.rows]
        if not ids:
            return None
        at = ids.index(self.selected_id) if self.selected_id in ids else -1
        if key == "j":
            self.selected_id = ids[min(at + 1, len(ids) - 1)]
        elif key == "k":
            self.selected_id = ids[max(at - 1, 0)]
        elif key == "enter" and at >= 0:
            return rx.redirect(f"/incidents/{ids[at]}")
        elif key == "a":
            return await self._acknowledge(ids[at] if at >= 0 else ids[0])
        elif key == "n":
            self._open_note(ids[at] if at >= 0 else ids[0])
        return None

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
        return rx.toast.success(f"Acknowledged: {view['title']}")

    @rx.event
    def open_note(self, incident_id: str):
        self._open_note(incident_id)

    def _open_note(self, incident_id: str) -> None:
        entry = self._entries.get(incident_id)
        if entry is None:
            return
        self.selected_id = incident_id
        self.note_for = incident_id
        self.note_title = entry["row"]["title"]
        self.note_text = ""
        self.action_error = ""

    @rx.event
    def close_note(self, is_open: bool = False):
        if not is_open:
            self.note_for = ""

    @rx.event
    def set_note_text(self, value: str):
        self.note_text = value

    @rx.event
    async def submit_note(self, form: dict[str, Any]):
        message = str(form.get("message", self.note_text)).strip()
        incident_id = self.note_for
        if not message or not incident_id:
            self.action_error = "Write the note first."
            return rx.toast.error(self.action_error)
        view = await self.act(can_dispatch, lambda s, a: incident_view(
            s, service.add_note(s, incident_id=incident_id, request=NoteRequest(message=message),
                                actor=a)))
        if view is None:
            return self.refused()
        self.note_for = ""
        self.note_text = ""
        return rx.toast.success("Note added")
