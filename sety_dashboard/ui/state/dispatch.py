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
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.service import IncidentFilters, list_incidents
from sety_dashboard.domain.incidents.views import incident_views
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
        self.rows = visible_rows(self._entries, self._filters())
        self.counts = counters(self._entries, self.show_drills)

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
