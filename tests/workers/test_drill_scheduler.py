"""Scheduled drills start themselves at their time, exactly once however many
workers look (fake clock; both databases)."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from sety_dashboard.core import clock as clock_mod
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import InvalidTransition, ValidationFailed
from sety_dashboard.domain.incidents.drill_models import ScheduledDrill
from sety_dashboard.domain.incidents.drill_schedule import (
    cancel_scheduled,
    schedule_drill,
    start_due_drills,
)
from sety_dashboard.domain.incidents.drill_templates import Place
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.events import bus as bus_mod
from sety_dashboard.workers.drill_scheduler import run_drill_scheduler

SUP = Actor(kind="user", id="usr_sade00000000000", name="Sade", role="supervisor")
HQ = Place(site="HQ", lng=3.4219, lat=6.4281, address="Plot 1412 Ahmadu Bello Way")


def _plan(after_s: int, template: str = "fire_evacuation") -> str:
    with write_session() as s:
        return schedule_drill(s, template_key=template, place=HQ, actor=SUP,
                              starts_at=clock_mod.now() + timedelta(seconds=after_s)).id


def _drills() -> list[Incident]:
    with read_session() as s:
        return list(s.execute(select(Incident).where(Incident.is_drill.is_(True))).scalars())


def test_a_planned_drill_starts_at_its_time_once(db, clock):
    drill_id = _plan(600)
    assert start_due_drills() == [] and _drills() == []
    clock.advance(599)
    assert start_due_drills() == []
    clock.advance(1)
    [incident_id] = start_due_drills()
    assert start_due_drills() == []  # never twice
    [inc] = _drills()
    assert inc.id == incident_id and inc.site == "HQ" and inc.category == "fire"
    assert inc.title == "Fire evacuation drill — HQ" and inc.severity == "critical"
    assert inc.owner == SUP.id
    with read_session() as s:
        row = s.get(ScheduledDrill, drill_id)
        assert (row.status, row.incident_id) == ("started", incident_id)


def test_street_sos_has_no_site_and_bad_plans_are_refused(db, clock):
    _plan(5, template="street_sos")
    clock.advance(5)
    start_due_drills()
    [inc] = _drills()
    assert inc.site is None and inc.address == HQ.address and inc.category == "sos"
    with pytest.raises(ValidationFailed, match="future"):
        _plan(0)
    with pytest.raises(ValidationFailed, match="90 days"):
        _plan(91 * 86400)
    with pytest.raises(ValidationFailed, match="unknown drill template"):
        _plan(60, template="earthquake")


def test_a_cancelled_plan_never_starts(db, clock):
    drill_id = _plan(60)
    with write_session() as s:
        assert cancel_scheduled(s, drill_id=drill_id).status == "cancelled"
    with write_session() as s, pytest.raises(InvalidTransition, match="already cancelled"):
        cancel_scheduled(s, drill_id=drill_id)
    clock.advance(120)
    assert start_due_drills() == [] and _drills() == []


def test_four_workers_at_once_start_each_drill_once(db, clock):
    for i in range(3):
        _plan(10 + i)
    clock.advance(60)
    barrier = threading.Barrier(4)
    started: list[list[str]] = []

    def worker() -> None:
        barrier.wait()
        started.append(start_due_drills())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(s) for s in started) and sum(len(s) for s in started) == 3
    with read_session() as s:
        assert s.execute(select(func.count()).select_from(Incident)).scalar_one() == 3


def test_the_worker_starts_a_drill_with_nobody_looking(db, clock):
    async def scenario() -> dict:
        sub = bus_mod.get_bus().subscribe()
        await asyncio.to_thread(_plan, 30)
        task = asyncio.create_task(run_drill_scheduler(interval_s=0.05))
        try:
            clock.advance(30)
            return await asyncio.wait_for(sub.get(), 5)
        finally:
            task.cancel()

    event = asyncio.run(scenario())
    assert event["type"] == "incident.created"
    assert event["data"]["is_drill"] is True and event["data"]["site"] == "HQ"
