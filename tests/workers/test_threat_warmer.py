"""The baseline warmer computes the default window's baseline by itself."""

from __future__ import annotations

import asyncio

from sety_dashboard.core.db import get_engine
from sety_dashboard.domain.threat import baseline
from sety_dashboard.domain.threat.window import resolve_window
from sety_dashboard.workers.registry import background_tasks
from sety_dashboard.workers.threat_warmer import run_threat_baseline_warmer
from tests.factories import make_incident


def test_warmer_fills_the_baseline_cache(db, clock):
    make_incident()
    clock.advance(3600)  # the incident is now before the last whole hour
    baseline.clear_cache()

    async def scenario() -> None:
        task = asyncio.create_task(run_threat_baseline_warmer(interval_s=0.05))
        try:
            for _ in range(200):
                if baseline._cache.get(get_engine()):
                    return
                await asyncio.sleep(0.02)
        finally:
            task.cancel()

    asyncio.run(scenario())
    settled = baseline.settled_window(resolve_window())
    cached = baseline._cache[get_engine()][(settled.since, settled.until, None)]
    assert cached.count == 1


def test_warmer_is_registered():
    assert run_threat_baseline_warmer in background_tasks()
