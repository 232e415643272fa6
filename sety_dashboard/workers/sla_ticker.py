"""Background task: notes SLA breaches within a second or two of the deadline."""

from __future__ import annotations

import asyncio
import logging

from sety_dashboard.core.settings import get_settings
from sety_dashboard.domain.incidents.sla_sweep import sweep_sla_breaches

log = logging.getLogger(__name__)


async def run_sla_ticker(interval_s: float | None = None) -> None:
    interval = interval_s or get_settings().sla_tick_s
    while True:
        try:
            await asyncio.to_thread(sweep_sla_breaches)
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed sweep must not stop the next one
            log.exception("SLA sweep failed")
        await asyncio.sleep(interval)
