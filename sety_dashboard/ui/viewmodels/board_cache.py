"""The open-incident board, kept once per worker process.

Every dispatch tab of a worker shows the same open incidents, only filtered
differently. So the live bridge applies each incident event here once
(`live.add_listener`), and a tab's `_on_live` just takes the rows for its
filters — memoised per version and filter, so 200 tabs with the default
filters cost one sort, not 200.

Loaded from the database on first use and after the bridge fell behind
(`RELOAD`). Applying an event is idempotent (per-incident `seq`).

What every tab of the worker shows alike is kept here too, so a tab's state
holds none of it (ui/live.py, "shared views"): the rows that arrived live
(highlighted for `FRESH_FOR_S`) and the alert bar's announcement — the
event seq of the last arrival nobody acknowledged yet (`announced`).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import astuple
from typing import Any

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.read_model import incident_views
from sety_dashboard.domain.incidents.service import IncidentFilters, list_incidents
from sety_dashboard.events.log import last_seq
from sety_dashboard.ui import live
from sety_dashboard.ui.viewmodels.board_rows import (
    BOARD_LIMIT,
    FRESH_FOR_S,
    BoardFilters,
    BoardRow,
    alert_rows,
    counters,
    entry_for,
    is_open,
    visible_rows,
)


def read_open() -> tuple[int, list[dict[str, Any]]]:
    """The open incidents now, with the last event seq they include."""
    with read_session() as session:
        seq = last_seq(session)  # first: anything up to here is in what follows
        incidents, _ = list_incidents(session, filters=IncidentFilters(status=list(OPEN)),
                                      page=1, limit=BOARD_LIMIT)
        return seq, incident_views(session, incidents)


class BoardCache:
    def __init__(self) -> None:
        self._entries: dict[str, dict[str, Any]] | None = None
        # Incidents closed by an event: id → seq (so an older read cannot bring them back).
        self._closed: dict[str, int] = {}
        self._lock = asyncio.Lock()
        # Shared re-reads (refresh): one at a time, and when the last one was.
        self._refresh_lock = asyncio.Lock()
        self._read_at = 0.0
        self.version = 0
        self._memo: dict[tuple[Any, ...], Any] = {}
        # Incidents that arrived live (id → monotonic time), newest last.
        self._arrived: dict[str, float] = {}
        # The alert bar's chime: (event seq, all drills?) of the latest
        # arrival that needs an acknowledgement. The seq is the event log's,
        # so it only grows, on every worker alike: a tab that reconnects to
        # another worker does not chime again for what it already announced.
        self.announced: tuple[int, bool] = (0, False)

    async def ensure(self) -> None:
        if self._entries is not None:
            return
        async with self._lock:
            if self._entries is None:
                seq, views = await asyncio.to_thread(read_open)
                self.replace(seq, views)

    async def refresh(self, max_age_s: float = 2.0) -> None:
        """Re-read the open incidents from the database, shared: tabs that
        (re)load within `max_age_s` of a read take that read (anything later
        reaches BOARD through the bridge). After a stall every tab of the
        worker reconnects at once; this keeps that to one read, not one per
        tab. (Added for the control-room catch-up, docs/DASHBOARD.md.)"""
        asked = time.monotonic()
        async with self._refresh_lock:
            if self._read_at >= asked - max_age_s and self._entries is not None:
                return
            seq, views = await asyncio.to_thread(read_open)
            self.merge(seq, views)
            self._read_at = time.monotonic()

    def replace(self, seq: int, views: list[dict[str, Any]]) -> None:
        self._entries = {v["incident_id"]: {**entry_for(v), "seq": seq} for v in views}
        self._changed()

    def merge(self, seq: int, views: list[dict[str, Any]]) -> None:
        """Take a fresh database read (as of event `seq`) without going back
        in time: an incident the bridge already updated past `seq` keeps the
        newer version."""
        if self._entries is None:
            self.replace(seq, views)
            return
        fresh = {v["incident_id"]: {**entry_for(v), "seq": seq} for v in views}
        # Incidents this read found before any event brought them here (a
        # tab's load racing the bridge, or written while this worker's bus
        # missed them): they arrived like the others — highlighted, and
        # announced when waiting.
        new = {k: e for k, e in fresh.items()
               if k not in self._entries and self._closed.get(k, 0) <= seq}
        now = time.monotonic()
        for incident_id in new:
            self._arrived.setdefault(incident_id, now)
        waiting = [e for e in new.values() if e["row"]["alert"]]
        if waiting:
            self._announce(seq, all(e["row"]["is_drill"] for e in waiting))
        merged = {k: e for k, e in self._entries.items() if e["seq"] > seq and k not in fresh}
        for incident_id, entry in fresh.items():
            if self._closed.get(incident_id, 0) > seq:
                continue
            known = self._entries.get(incident_id)
            merged[incident_id] = known if known is not None and known["seq"] > seq else entry
        self._entries = merged
        self._changed()

    def invalidate(self) -> None:
        self._entries = None
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self._memo.clear()

    async def apply(self, envelope: dict[str, Any]) -> None:
        """The bridge's listener: one incident event, applied once per process."""
        if envelope.get("type") == live.RELOAD:
            self.invalidate()
            await self.ensure()
            return
        await self.ensure()
        view = envelope.get("data") or {}
        incident_id = view.get("incident_id")
        seq = int(envelope.get("seq") or 0)
        if not incident_id or self._entries is None:
            return
        known = self._entries.get(incident_id)
        if known is not None and known["seq"] >= seq:
            return
        if is_open(view):
            if self._closed.get(incident_id, 0) >= seq:
                return
            entry = {**entry_for(view), "seq": seq}
            self._entries[incident_id] = entry
            if envelope.get("type") == "incident.created" and known is None:
                self._arrived[incident_id] = time.monotonic()
                if entry["row"]["alert"]:
                    self._announce(seq, entry["row"]["is_drill"])
            if known is not None and known["row"] == entry["row"] and known["key"] == entry["key"]:
                return  # e.g. a note: nothing the board shows changed, no push
        else:
            self._closed[incident_id] = seq
            if len(self._closed) > 5000:  # only recent closings can race with a read
                for old in list(self._closed)[:1000]:
                    del self._closed[old]
            if known is None:
                return
            del self._entries[incident_id]
        self._changed()

    def _announce(self, seq: int, drill: bool) -> None:
        if seq >= self.announced[0]:
            self.announced = (seq, drill)

    def fresh_ids(self) -> list[str]:
        """Open incidents that arrived live less than FRESH_FOR_S ago. Expired
        ones are dropped when the board next changes (the browser shows the
        highlight only as long as the row is listed here)."""
        if "fresh" not in self._memo:
            now = time.monotonic()
            self._arrived = {k: t for k, t in self._arrived.items()
                             if now - t < FRESH_FOR_S and self.has(k)}
            self._memo["fresh"] = list(self._arrived)
        return self._memo["fresh"]

    def has(self, incident_id: str) -> bool:
        return self._entries is not None and incident_id in self._entries

    def title(self, incident_id: str) -> str:
        entry = (self._entries or {}).get(incident_id)
        return entry["row"]["title"] if entry else ""

    def rows(self, f: BoardFilters) -> list[BoardRow]:
        key = ("rows", astuple(f))
        if key not in self._memo:
            self._memo[key] = visible_rows(self._entries or {}, f)
        return self._memo[key]

    def alerts(self) -> list[dict[str, Any]]:
        """Unacknowledged incidents, most urgent first (the frame's banner on
        every page reads these; memoised like the rows)."""
        if "alerts" not in self._memo:
            self._memo["alerts"] = alert_rows(self._entries or {})
        return self._memo["alerts"]

    def counts(self, show_drills: bool) -> dict[str, int]:
        key = ("counts", show_drills)
        if key not in self._memo:
            self._memo[key] = counters(self._entries or {}, show_drills)
        return self._memo[key]


BOARD = BoardCache()
live.add_listener("incident.", BOARD.apply)
