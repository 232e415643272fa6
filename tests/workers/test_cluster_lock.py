"""The SLA ticker's cluster lock: one process in the cluster sweeps, the
others stand by and take over when the holder's database session ends."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select, text

from sety_dashboard.core import db as db_mod
from sety_dashboard.core.cluster_lock import ClusterLock, lock_key
from sety_dashboard.workers.sla_ticker import _tick
from tests.factories import make_incident


def _backend_pid(lock: ClusterLock) -> int:
    assert lock._conn is not None
    return lock._conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_one_holder_at_a_time_and_a_takeover_when_it_lets_go(db):
    first, second = ClusterLock("sla_ticker"), ClusterLock("sla_ticker")
    try:
        assert first.hold() is True
        if not db.is_postgres:  # one machine: every process may sweep (row locks decide)
            assert second.hold() is True
            return
        assert second.hold() is False
        assert first.hold() is True  # still its own
        first.release()
        assert second.hold() is True
        assert first.hold() is False
    finally:
        first.release()
        second.release()


def test_a_holder_whose_session_dies_is_replaced(db):
    if not db.is_postgres:
        pytest.skip("advisory locks are PostgreSQL's; SQLite has no sessions to lose")
    first, second = ClusterLock("sla_ticker"), ClusterLock("sla_ticker")
    try:
        assert first.hold()
        # What a node killed with -9 looks like to PostgreSQL: its session ends.
        pid = _backend_pid(first)
        with db_mod.get_engine().connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            admin.commit()
            # pg_terminate_backend only signals the backend: its lock goes when
            # it has exited, so wait for that (as a surviving node's next tick would).
            deadline = time.monotonic() + 10
            while admin.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"),
                                {"p": pid}).scalar() and time.monotonic() < deadline:
                admin.commit()  # a fresh snapshot of pg_stat_activity each look
                time.sleep(0.05)
        assert second.hold() is True
        assert first.hold() is False  # it notices the lost session and stands by
        assert first.held is False
    finally:
        first.release()
        second.release()


def test_a_ticker_that_does_not_hold_the_lock_writes_nothing(db, clock):
    incident_id = make_incident()
    clock.advance(16)  # past the 15 s acknowledge deadline of a critical SOS
    holder, standby = ClusterLock("sla_ticker"), ClusterLock("sla_ticker")
    try:
        assert holder.hold()
        if db.is_postgres:
            _tick(standby)
            assert _breach_count(incident_id) == 0
        holder.release()
        _tick(standby)
        assert _breach_count(incident_id) == 1
    finally:
        holder.release()
        standby.release()


def test_lock_keys_are_stable_and_distinct():
    assert lock_key("sla_ticker") == lock_key("sla_ticker")
    assert lock_key("sla_ticker") != lock_key("webhooks")
    assert -(2**63) <= lock_key("sla_ticker") < 2**63


def _breach_count(incident_id: str) -> int:
    from sety_dashboard.core.db import read_session
    from sety_dashboard.domain.incidents.models import TimelineEntry

    with read_session() as session:
        return session.execute(select(func.count()).where(
            TimelineEntry.incident_id == incident_id,
            TimelineEntry.event == "sla_breached")).scalar_one()
