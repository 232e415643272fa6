"""The event log and bus: same transaction, gap-free seq, publish only after commit."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.events import bus as bus_mod
from sety_dashboard.events.log import events_after, last_seq, record_event
from sety_dashboard.events.models import EventRecord
from tests.factories import make_incident


def all_seqs() -> list[int]:
    with read_session() as s:
        return list(s.execute(select(EventRecord.seq).order_by(EventRecord.seq)).scalars())


def test_rolled_back_change_leaves_no_event_and_no_gap(db):
    with pytest.raises(RuntimeError):
        with write_session() as s:
            record_event(s, "ping", {"n": 1})
            raise RuntimeError("the change failed")
    with write_session() as s:
        env = record_event(s, "ping", {"n": 2})
    assert env["seq"] == 1 and env["id"].startswith("evt_")
    assert all_seqs() == [1]


def test_seq_is_gap_free_under_concurrent_writers(db):
    def write(i: int) -> None:
        make_incident(subject={"name": f"Writer {i}"})

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(40)))
    assert all_seqs() == list(range(1, 41))
    with read_session() as s:
        assert last_seq(s) == 40
        assert [e["seq"] for e in events_after(s, 35)] == [36, 37, 38, 39, 40]


async def _committed_then_failed() -> list[dict]:
    """Commit one change and fail another; return what a subscriber got."""
    bus = bus_mod.get_bus()
    sub = bus.subscribe()
    await asyncio.to_thread(make_incident)
    with pytest.raises(RuntimeError):
        def failing() -> None:
            with write_session() as s:
                record_event(s, "ping", {})
                raise RuntimeError("boom")
        await asyncio.to_thread(failing)
    got = [await asyncio.wait_for(sub.get(), 2)]
    await asyncio.sleep(0.05)
    while (more := sub.get_nowait()) is not None:
        got.append(more)
    sub.close()
    return got


def test_bus_delivers_committed_events_only(db):
    got = asyncio.run(_committed_then_failed())
    assert [e["type"] for e in got] == ["incident.created"]
    assert got[0]["data"]["status"] == "created" and got[0]["seq"] == 1


def test_slow_subscriber_overflows_without_blocking_others():
    async def scenario() -> tuple[bool, int]:
        bus = bus_mod.MemoryBus()
        slow = bus.subscribe(maxsize=3)
        fast = bus.subscribe(maxsize=100)
        for i in range(10):
            bus.publish({"type": "ping", "seq": i})
        await asyncio.sleep(0)
        received = 0
        while fast.get_nowait() is not None:
            received += 1
        return slow.overflowed, received

    overflowed, received = asyncio.run(scenario())
    assert overflowed and received == 10


@pytest.mark.redis
def test_redis_bus_crosses_processes(monkeypatch):
    """Two RedisBus instances (as two workers) on one channel see each other's events."""
    import os
    import uuid

    url = os.environ.get("SETY_TEST_REDIS", "redis://127.0.0.1:6379/0")
    prefix = f"sety_test_{uuid.uuid4().hex[:8]}"

    async def scenario() -> dict:
        worker_a = bus_mod.RedisBus(url, prefix)
        worker_b = bus_mod.RedisBus(url, prefix)
        sub = worker_b.subscribe()
        await worker_b.wait_ready()
        worker_a.publish({"type": "incident.created", "seq": 7, "id": "evt_x"})
        got = await asyncio.wait_for(sub.get(), 5)
        other = bus_mod.RedisBus(url, prefix + "_other")
        other_sub = other.subscribe()
        await other.wait_ready()
        worker_a.publish({"type": "ping", "seq": 8})
        await asyncio.sleep(0.3)
        assert other_sub.get_nowait() is None  # another prefix never sees our events
        for b in (worker_a, worker_b, other):
            await b.aclose()
        return got

    assert asyncio.run(scenario())["seq"] == 7
