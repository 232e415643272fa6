"""The event bus: publish after commit, subscribe from async code.

Two implementations behind one small interface:

- `MemoryBus` (default, one process): fans out to local subscribers.
- `RedisBus` (`SETY_REDIS_URL` set): publishes on a Redis pub/sub channel;
  one listener task per process fans what arrives out to local subscribers,
  so a change made in worker A reaches tabs and streams held by worker B.

Pub/sub keeps nothing: anyone who must not miss an event (stream clients,
webhooks, dashboard reloads) reads the event log, and uses the bus only to
learn sooner.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import deque
from collections.abc import AsyncIterator
from typing import Any, Protocol

from sety_dashboard.core.settings import get_settings

log = logging.getLogger(__name__)


class Subscription:
    """A bounded queue of envelopes for one consumer on one event loop.

    When the consumer falls `maxsize` events behind, the subscription is
    marked `overflowed` and stops receiving; the consumer must resume from
    the event log (this is how a slow client never stalls the others).
    """

    def __init__(self, bus: _Fanout, loop: asyncio.AbstractEventLoop, maxsize: int) -> None:
        self._bus = bus
        self._loop = loop
        # A deque and one waiter rather than an asyncio.Queue: an offer is
        # made to every subscription for every event, so it is kept to an
        # append (and a wake-up only when the consumer waits).
        self._items: deque[dict[str, Any]] = deque()
        self._maxsize = maxsize
        self._waiter: asyncio.Future[None] | None = None
        self.overflowed = False
        self.closed = False

    def _offer(self, envelope: dict[str, Any]) -> None:  # runs on self._loop
        if self.closed or self.overflowed:
            return
        items = self._items
        if len(items) >= self._maxsize:
            self.overflowed = True
            # Make room for a marker the consumer will notice.
            items.popleft()
            items.append({"type": "__overflow__"})
        else:
            items.append(envelope)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def get(self) -> dict[str, Any]:
        while not self._items:
            self._waiter = self._loop.create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self._items.popleft()

    def get_nowait(self) -> dict[str, Any] | None:
        return self._items.popleft() if self._items else None

    async def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        while not self.closed:
            item = await self.get()
            if item.get("type") == "__overflow__":
                return
            yield item

    def close(self) -> None:
        self.closed = True
        self._bus._remove(self)


def _offer_each(subs: list[Subscription], envelope: dict[str, Any]) -> None:
    for sub in subs:
        sub._offer(envelope)


class EventBus(Protocol):
    def publish(self, envelope: dict[str, Any]) -> None: ...
    def subscribe(self, maxsize: int = 1000) -> Subscription: ...
    async def aclose(self) -> None: ...


class _Fanout:
    """Hands each envelope to every local subscription, on its own loop."""

    def __init__(self) -> None:
        self._subs: set[Subscription] = set()
        self._lock = threading.Lock()

    def subscribe(self, maxsize: int = 1000) -> Subscription:
        sub = Subscription(self, asyncio.get_running_loop(), maxsize)
        with self._lock:
            self._subs.add(sub)
        self._on_subscribe()
        return sub

    def _on_subscribe(self) -> None:
        pass

    def _remove(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.discard(sub)

    def _deliver_local(self, envelope: dict[str, Any]) -> None:
        """Offer `envelope` to every subscription: directly on this loop, and
        with one thread-safe call per other loop (not one per subscription:
        each such call wakes that loop through a pipe)."""
        with self._lock:
            subs = list(self._subs)
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        elsewhere: dict[asyncio.AbstractEventLoop, list[Subscription]] = {}
        for sub in subs:
            if sub._loop is current:
                sub._offer(envelope)
            else:
                elsewhere.setdefault(sub._loop, []).append(sub)
        for loop, group in elsewhere.items():
            if not loop.is_closed():
                loop.call_soon_threadsafe(_offer_each, group, envelope)

    @property
    def subscriber_count(self) -> int:
        return len(self._subs)


class MemoryBus(_Fanout):
    def publish(self, envelope: dict[str, Any]) -> None:
        self._deliver_local(envelope)

    async def aclose(self) -> None:
        pass


class RedisBus(_Fanout):
    def __init__(self, url: str, prefix: str) -> None:
        super().__init__()
        import redis

        self.channel = f"{prefix}:events"
        self._url = url
        self._pub = redis.Redis.from_url(url)
        self._listener: asyncio.Task[None] | None = None
        self._listener_loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()

    def publish(self, envelope: dict[str, Any]) -> None:
        self._pub.publish(self.channel, json.dumps(envelope, separators=(",", ":")))

    def _on_subscribe(self) -> None:
        # One listener per process, on whichever loop subscribed first (a
        # subscription on another loop is handed its envelopes across);
        # a new one only when that loop has stopped, as between tests.
        listener, loop = self._listener, self._listener_loop
        if listener is None or listener.done() or loop is None or not loop.is_running():
            self._ready.clear()
            self._listener_loop = asyncio.get_running_loop()
            self._listener = self._listener_loop.create_task(self._listen(self._ready))

    async def wait_ready(self) -> None:
        """Wait until this process is subscribed on Redis (nothing is missed after)."""
        if not self._ready.is_set():  # the listener may run on another thread's loop
            await asyncio.to_thread(self._ready.wait, 30)

    async def _listen(self, ready: threading.Event) -> None:
        import redis.asyncio as aredis

        while True:
            client = aredis.Redis.from_url(self._url)
            try:
                pubsub = client.pubsub()
                await pubsub.subscribe(self.channel)
                ready.set()
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    self._deliver_local(json.loads(message["data"]))
            except asyncio.CancelledError:
                await client.aclose()
                raise
            except Exception:
                log.exception("redis bus listener failed; reconnecting")
                await asyncio.sleep(1)
            finally:
                await client.aclose()

    async def aclose(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        self._pub.close()


_bus: EventBus | None = None


def get_bus() -> EventBus:
    global _bus
    if _bus is None:
        settings = get_settings()
        if settings.redis_url:
            _bus = RedisBus(settings.redis_url, settings.redis_prefix)
        else:
            _bus = MemoryBus()
    return _bus


def set_bus(bus: EventBus | None) -> None:
    global _bus
    _bus = bus
