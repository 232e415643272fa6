"""Background duty: starts planned drills when their time comes.

Every worker process runs it; `start_due_drills` claims each drill with a
conditional UPDATE, so a drill starts once however many workers look.
"""

from __future__ import annotations

import asyncio
import logging

from sety_dashboard.core import duties
from sety_dashboard.domain.incidents.drill_schedule import start_due_drills

log = logging.getLogger(__name__)
INTERVAL_S = 1.0


async def run_drill_scheduler(interval_s: float | None = None) -> None:
    interval = interval_s or INTERVAL_S
    duties.mark_started("drill_scheduler", "claims")  # for /v1/ready and /v1/health
    while True:
        try:
            await asyncio.to_thread(start_due_drills)
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed pass must not stop the next one
            log.exception("drill scheduler pass failed")
        await asyncio.sleep(interval)
