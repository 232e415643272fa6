"""Workers: concurrent claiming never double-sends, leases expire, the loop wakes on the bus."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from collections import Counter

from sety_dashboard.core.db import write_session
from sety_dashboard.events import bus as bus_mod
from sety_dashboard.events.log import record_event
from sety_dashboard.webhooks import delivery_queue
from sety_dashboard.webhooks.delivery_queue import Outcome
from sety_dashboard.webhooks.worker import WebhookWorker
from tests.api.test_stream import wait_for_subscribers
from tests.factories import make_incident
from tests.webhooks.helpers import deliveries, make_endpoint, turn
from tests.webhooks.receiver import Receiver, Reply


def test_two_workers_never_send_the_same_attempt(db, clock, settings_env):
    settings_env(webhook_allow_private=1, webhook_concurrency=16, webhook_per_endpoint=16)
    with Receiver(lambda r: Reply(200, delay_s=0.01)) as rcv:
        endpoints = [make_endpoint(rcv.url + f"/{i}")[0] for i in range(3)]
        with write_session() as s:
            for i in range(120):
                record_event(s, "incident.note_added", {"i": i})
        start = threading.Barrier(2)
        errors: list[BaseException] = []
        made: Counter[str] = Counter()

        def work(name: str) -> None:
            try:
                worker = WebhookWorker(name)
                start.wait()
                while n := turn(worker):
                    made[name] += n
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors, errors
        assert made["w0"] > 0 and made["w1"] > 0  # both really worked, side by side
        sent = Counter(r.headers["sety-delivery-id"] for r in rcv.received())
        rows = deliveries()
        assert len(rows) == 3 * 120  # fan-out once per (endpoint, event), however many workers
        assert {d.endpoint_id for d in rows} == set(endpoints)
        assert Counter(d.status for d in rows) == {"succeeded": 3 * 120}, {d.last_error for d in rows}
        assert set(sent) == {d.id for d in rows}
        assert max(sent.values()) == 1  # no attempt was sent twice
        assert all((d.status, d.attempts) == ("succeeded", 1) for d in rows)


def test_a_dead_workers_lease_expires_and_its_late_result_is_ignored(db, clock, settings_env):
    settings_env(webhook_allow_private=1, webhook_lease_s=60)
    with Receiver() as rcv:
        make_endpoint(rcv.url)
        make_incident()
        delivery_queue.fan_out()
        [claimed] = delivery_queue.claim("dead-worker", 10, 4, {}, 60)
        assert turn() == 0  # leased to the dead worker
        clock.advance(61)
        assert turn() == 1  # the lease ran out: sent again (at least once)
        delivery_queue.record_outcomes("dead-worker", [(claimed, Outcome(False, error="late"))])
        [d] = deliveries()
        assert (d.status, d.attempts, d.last_error) == ("succeeded", 1, None)


class _Loop:
    """A worker's run() on its own event loop thread, as in the app."""

    def __init__(self, worker: WebhookWorker) -> None:
        self.loop = asyncio.new_event_loop()
        self.worker = worker
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> _Loop:
        self.thread.start()
        self.task = asyncio.run_coroutine_threadsafe(self._main(), self.loop)
        return self

    async def _main(self) -> None:
        self.inner = asyncio.current_task()
        await self.worker.run()

    def __exit__(self, *exc: object) -> None:
        # Cancel the task itself (as the app does at shutdown) and wait for its cleanup.
        self.loop.call_soon_threadsafe(self.inner.cancel)
        concurrent.futures.wait([self.task], timeout=10)
        assert self.task.cancelled()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


def test_the_loop_wakes_on_the_bus_and_also_polls(db, settings_env):
    settings_env(webhook_allow_private=1, webhook_poll_s=3)
    with Receiver() as rcv:
        make_endpoint(rcv.url)
        with _Loop(WebhookWorker("loop-worker")):
            wait_for_subscribers(1)  # the worker listens on the bus
            t0 = time.monotonic()
            make_incident()
            rcv.wait_for(lambda got: len(got) == 1, timeout=10)
            assert time.monotonic() - t0 < 1.5  # woken by the bus, not the 3 s poll
            # The bus is only a hint: events it never carries are delivered by polling.
            bus_mod.set_bus(bus_mod.MemoryBus())
            make_incident()
            rcv.wait_for(lambda got: len(got) == 2, timeout=10)
        assert all(d.status == "succeeded" for d in deliveries())


def test_stopping_the_loop_gives_back_unsent_attempts(db, settings_env):
    settings_env(webhook_allow_private=1, webhook_poll_s=0.1, webhook_lease_s=600)
    with Receiver(lambda r: Reply(200, delay_s=3)) as rcv:
        make_endpoint(rcv.url)
        make_incident()
        with _Loop(WebhookWorker("stopping-worker")):
            rcv.wait_for(lambda got: len(got) == 1, timeout=10)
        [d] = deliveries()
        # Stopped mid-attempt: the lease is released, so the next worker sends it at once.
        assert (d.status, d.lease_owner, d.lease_until) == ("pending", None, None)


def test_one_endpoint_cannot_take_every_slot(db, clock, settings_env):
    settings_env(webhook_allow_private=1)
    with Receiver() as rcv:
        busy_ep, _ = make_endpoint(rcv.url + "/busy")
        with write_session() as s:
            for i in range(10):
                record_event(s, "incident.note_added", {"i": i})
        quiet_ep, _ = make_endpoint(rcv.url + "/quiet")
        make_incident()
        delivery_queue.fan_out()
        # This worker already has 1 attempt in flight for the busy endpoint.
        claimed = delivery_queue.claim("w", limit=10, per_endpoint=3, busy={busy_ep: 1}, lease_s=60)
        by_endpoint = Counter(a.endpoint_id for a in claimed)
        assert by_endpoint == {busy_ep: 2, quiet_ep: 1}
