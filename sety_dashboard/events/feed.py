"""One reader's ordered view of the event log: replay, then live, with no gap and no duplicate.

The bus only says "something happened, sooner"; the event log is the truth.
A feed therefore:

1. subscribes to the bus FIRST, so nothing committed from then on is missed;
2. replays the log after `after_seq` page by page (events committed before
   the subscription are all visible by now);
3. then hands out live events, skipping every `seq` it already handed out and
   filling any hole (an event that reached the bus late or not at all) from
   the log, so the reader sees seq N+1 only after N.

While replaying, a full bus queue is harmless: the feed re-subscribes and
keeps reading the log. Once live, a full queue means the reader cannot keep
up; the feed raises `FellBehind` and the reader must resume with `after_seq`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sety_dashboard.core.db import read_session
from sety_dashboard.events import log
from sety_dashboard.events.bus import EventBus, Subscription
from sety_dashboard.events.filters import EventFilter

PAGE = 500
_OVERFLOW = "__overflow__"


class FellBehind(Exception):
    """The reader fell too far behind the live events; resume from `last_seq`."""

    def __init__(self, last_seq: int) -> None:
        super().__init__(f"fell behind after seq {last_seq}")
        self.last_seq = last_seq


class PositionAhead(Exception):
    """`after_seq` is beyond the end of the log."""

    def __init__(self, after_seq: int, last_seq: int) -> None:
        super().__init__(f"after_seq={after_seq} is beyond the last event (seq {last_seq})")
        self.last_seq = last_seq


def _read_after(after_seq: int, limit: int = PAGE) -> list[dict[str, Any]]:
    with read_session() as session:
        return log.events_after(session, after_seq, limit)


def _read_last_seq() -> int:
    with read_session() as session:
        return log.last_seq(session)


class EventFeed:
    def __init__(self, bus: EventBus, event_filter: EventFilter, after_seq: int | None,
                 queue_max: int) -> None:
        self._bus = bus
        self._filter = event_filter
        self._after = after_seq
        self._queue_max = queue_max
        self._sub: Subscription | None = None
        self.last_seq = 0  # the last seq this reader has passed (sent or filtered out)
        self.replaying = True

    async def start(self) -> None:
        await self._subscribe()
        end = await asyncio.to_thread(_read_last_seq)
        if self._after is None:
            # Live only: start at the end of the log as it stands after subscribing.
            self.last_seq = end
            self.replaying = False
        elif self._after > end:
            # A position from another database (or a typo): following it would
            # silently skip every event up to it.
            self.close()
            raise PositionAhead(self._after, end)
        else:
            self.last_seq = self._after

    async def _subscribe(self) -> None:
        old = self._sub
        self._sub = self._bus.subscribe(self._queue_max)
        wait_ready = getattr(self._bus, "wait_ready", None)
        if wait_ready is not None:  # Redis: make sure the subscription is live
            await wait_ready()
        if old is not None:
            old.close()

    @property
    def fell_behind(self) -> bool:
        """True when live events were dropped for this reader (checked by a watchdog)."""
        return not self.replaying and self._sub is not None and self._sub.overflowed

    def close(self) -> None:
        if self._sub is not None:
            self._sub.close()

    async def next(self, timeout: float) -> list[dict[str, Any]]:
        """The next events for this reader (maybe none), waiting at most `timeout` s."""
        assert self._sub is not None, "start() first"
        if self.replaying:
            return await self._replay_page()
        if self._sub.overflowed:
            raise FellBehind(self.last_seq)
        first = self._sub.get_nowait()
        if first is None:
            try:
                # asyncio.timeout, not wait_for: no extra task per event and subscriber.
                async with asyncio.timeout(max(timeout, 0)):
                    first = await self._sub.get()
            except TimeoutError:
                # Quiet: look at the log anyway, in case the bus lost something.
                return await self._from_log(None)
        items = [first]
        while len(items) < PAGE and (more := self._sub.get_nowait()) is not None:
            items.append(more)
        return await self._live(items)

    async def _replay_page(self) -> list[dict[str, Any]]:
        assert self._sub is not None
        if self._sub.overflowed:
            # Live events piled up while we read history: they are all in the
            # log, so start a fresh subscription and read on from the log.
            await self._subscribe()
        page = await asyncio.to_thread(_read_after, self.last_seq)
        if len(page) < PAGE:
            self.replaying = False
        return self._take(page)

    async def _live(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for env in items:
            if env.get("type") == _OVERFLOW:
                raise FellBehind(self.last_seq)
            if not isinstance(env.get("seq"), int):
                continue  # a bus-only notice (e.g. webhook.deliveries_updated), not an event
            seq = env["seq"]
            if seq <= self.last_seq:
                continue  # already replayed or already sent
            if seq > self.last_seq + 1:
                out += await self._from_log(seq)  # fill the hole from the log
                if seq <= self.last_seq:
                    continue
            out += self._take([env])
        return out

    async def _from_log(self, up_to: int | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while up_to is None or self.last_seq < up_to:
            page = await asyncio.to_thread(_read_after, self.last_seq)
            if up_to is not None:
                page = [e for e in page if e["seq"] <= up_to]
            if not page:
                break
            out += self._take(page)
            if up_to is None and len(page) < PAGE:
                break
        return out

    def _take(self, envelopes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for env in envelopes:
            seq = int(env["seq"])
            if seq <= self.last_seq:
                continue
            self.last_seq = seq
            if self._filter.matches(env["type"]):
                out.append(env)
        return out
