"""Background task: notes SLA breaches within a second or two of the deadline.

Every process of every node runs this task, but only the one holding the
`sla_ticker` advisory lock sweeps (core/cluster_lock.py); the others try to
take the lock each tick, so a dead holder is replaced within a tick or two.
The lock saves N-1 redundant sweeps; correctness does not depend on it:
each breach is still written under the incident's row lock, so two sweepers
at once (e.g. during a takeover) still write it once.
"""

from __future__ import annotations

import asyncio
import logging

from sety_dashboard.core import duties
from sety_dashboard.core.cluster_lock import ClusterLock
from sety_dashboard.core.settings import get_settings
from sety_dashboard.domain.incidents.sla_sweep import sweep_sla_breaches

log = logging.getLogger(__name__)

DUTY = "sla_ticker"


def _tick(lock: ClusterLock) -> None:
    holds = lock.hold()
    duties.set_holds(DUTY, holds)
    if holds:
        sweep_sla_breaches()


async def run_sla_ticker(interval_s: float | None = None) -> None:
    interval = interval_s or get_settings().sla_tick_s
    lock = ClusterLock(DUTY)
    duties.mark_started(DUTY, "advisory_lock")
    try:
        while True:
            try:
                await asyncio.to_thread(_tick, lock)
            except asyncio.CancelledError:
                raise
            except Exception:  # a failed sweep must not stop the next one
                log.exception("SLA sweep failed")
            await asyncio.sleep(interval)
    finally:
        await asyncio.to_thread(lock.release)
        duties.set_holds(DUTY, False)
