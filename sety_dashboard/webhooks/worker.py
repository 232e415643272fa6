"""Background task: deliver the event log to webhook endpoints, at least once.

Every worker process runs one. It wakes when the bus announces an event
(low latency) and otherwise every `SETY_WEBHOOK_POLL_S` (the bus is a hint:
everything it does is driven by the database, so a lost bus message or a
restart only delays a delivery, never loses it). Each turn it fans new
events out into delivery rows, records finished attempts, and claims as
many due deliveries as it has free slots; attempts run concurrently.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket

from sety_dashboard.core import duties
from sety_dashboard.core.settings import get_settings
from sety_dashboard.events.bus import get_bus
from sety_dashboard.webhooks import delivery_queue, sender
from sety_dashboard.webhooks.delivery_queue import Attempt, Outcome
from sety_dashboard.webhooks.notices import notify_deliveries_changed

log = logging.getLogger(__name__)

_COALESCE_S = 0.02


class WebhookWorker:
    def __init__(self, worker_id: str | None = None) -> None:
        self.id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        settings = get_settings()
        self.concurrency = settings.webhook_concurrency
        self.per_endpoint = settings.webhook_per_endpoint
        self.lease_s = settings.webhook_lease_s
        self.timeout_s = settings.webhook_timeout_s
        self.poll_s = settings.webhook_poll_s
        self._in_flight: dict[str, tuple[Attempt, asyncio.Task[Outcome]]] = {}
        self._wake = asyncio.Event()

    # -- the long-running loop ----------------------------------------------------

    async def run(self) -> None:
        waker = asyncio.create_task(self._wake_on_events())
        clients = sender.EndpointClients(self.per_endpoint)
        try:
            while True:
                try:
                    await self._turn(clients)
                except asyncio.CancelledError:
                    raise
                except Exception:  # e.g. the database is briefly away: try again later
                    log.exception("webhook worker turn failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_s)
                # Let a burst of events gather into one turn instead of one turn each.
                await asyncio.sleep(_COALESCE_S)
                self._wake.clear()
        finally:
            waker.cancel()
            await self._stop(clients)

    async def _turn(self, clients: sender.EndpointClients) -> None:
        await asyncio.to_thread(_fan_out_and_announce)
        await self._record_finished()
        free = self.concurrency - len(self._in_flight)
        if free <= 0:
            return
        busy: dict[str, int] = {}
        for attempt, _ in self._in_flight.values():
            busy[attempt.endpoint_id] = busy.get(attempt.endpoint_id, 0) + 1
        claimed = await asyncio.to_thread(delivery_queue.claim, self.id, free, self.per_endpoint,
                                          busy, self.lease_s)
        for attempt in claimed:
            busy[attempt.endpoint_id] = busy.get(attempt.endpoint_id, 0) + 1
            task = asyncio.create_task(sender.send(clients.for_endpoint(attempt.endpoint_id),
                                                   attempt, self.timeout_s))
            task.add_done_callback(lambda _t: self._wake.set())
            self._in_flight[attempt.delivery_id] = (attempt, task)
        await clients.trim(busy)

    async def _record_finished(self) -> None:
        done = [(a, t) for a, t in self._in_flight.values() if t.done()]
        if not done:
            return
        await asyncio.to_thread(_record_and_announce, self.id, [(a, t.result()) for a, t in done])
        for attempt, _ in done:
            self._in_flight.pop(attempt.delivery_id, None)

    async def _wake_on_events(self) -> None:
        """Turn bus events into wake-ups; the content is read from the log."""
        bus = get_bus()
        while True:
            sub = bus.subscribe(maxsize=64)
            try:
                while True:
                    item = await sub.get()
                    self._wake.set()
                    if item.get("type") == "__overflow__":
                        break
            finally:
                sub.close()

    async def _stop(self, clients: sender.EndpointClients) -> None:
        """On shutdown: record what finished, give back what did not."""
        unfinished = [a.delivery_id for a, t in self._in_flight.values() if not t.done()]
        for _, task in self._in_flight.values():
            task.cancel()
        with contextlib.suppress(Exception):
            finished = [(a, t.result()) for a, t in self._in_flight.values()
                        if t.done() and not t.cancelled()]
            await asyncio.to_thread(delivery_queue.record_outcomes, self.id, finished)
        with contextlib.suppress(Exception):
            await asyncio.to_thread(delivery_queue.release, self.id, unfinished)
        self._in_flight.clear()
        await clients.aclose()


# The notices go out from the worker thread too: publishing on Redis is a
# blocking round trip that would otherwise stall every attempt in flight.

def _fan_out_and_announce() -> None:
    if delivery_queue.fan_out():
        notify_deliveries_changed()


def _record_and_announce(worker_id: str, results: list[tuple[Attempt, Outcome]]) -> None:
    delivery_queue.record_outcomes(worker_id, results)
    notify_deliveries_changed(a.endpoint_id for a, _ in results)


async def run_webhook_worker() -> None:
    """The lifespan task registered in workers/registry.py.

    Every process of every node runs one: per-delivery leases (delivery_queue.claim)
    keep two of them off the same attempt, so no cluster lock is needed.
    """
    duties.mark_started("webhooks", "leases")  # for /v1/ready and /v1/health
    await WebhookWorker().run()
