"""The demo visitors: realistic, deterministic, and alive right now."""

from __future__ import annotations

import random
from collections import Counter

from sety_dashboard.core import clock as clock_mod
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.demo import access_demo
from sety_dashboard.domain.access import codes, service
from sety_dashboard.domain.access.read_model import current_view
from sety_dashboard.domain.access.stats import access_stats


def test_plan_is_deterministic(clock):
    first = access_demo._plan(random.Random(7), clock.now())
    second = access_demo._plan(random.Random(7), clock.now())
    assert [(s.when, s.kind, s.visit["name"]) for s in first] == [
        (s.when, s.kind, s.visit["name"]) for s in second]


def test_seed_writes_thirty_days_with_people_inside(db, clock):
    now = clock.now()
    with write_session() as session:
        summary = access_demo.seed_access_demo(session, random.Random(20261130), now)
    assert "visits" in summary
    assert clock_mod.now() == now  # the clock is put back
    with read_session() as session:
        stats = access_stats(session, since=None, until=None, site=None)
        inside = [current_view(r, now) for r in service.current_visitors(session)]
        rows, total = codes.list_codes(session, statuses=None, site=None, q=None, page=1, limit=100)
        statuses = Counter(codes.code_status(c, now) for c in rows)
    assert stats["total_visits"] > 400
    assert len(stats["by_day"]) == 30
    assert stats["denied_attempts"] > 0
    assert 3 <= len(inside) <= 40
    assert {v["site"] for v in inside} >= {"HQ"}
    assert any(v["overstay"] for v in inside)
    assert total > 100
    assert set(statuses) >= {"active", "revoked"}
    with read_session() as session:
        sites = {r.site for r in service.all_logs(session, filters=service.LogFilters())}
    assert sites == {"HQ", "Lagos Warehouse", "Abuja Office"}
