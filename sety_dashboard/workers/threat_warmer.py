"""Background task: keeps the threat baseline of the default window ready.

The baseline (domain/threat/baseline.py) changes once an hour; computing it
reads the whole 90-day window. Doing it here, a minute at most after the
hour turns, spares that wait to the first person who asks for a score.
"""

from __future__ import annotations

import asyncio
import logging

from sety_dashboard.core import duties
from sety_dashboard.core.db import read_session
from sety_dashboard.domain.threat.baseline import baseline_for
from sety_dashboard.domain.threat.cell_sums import settled_cells
from sety_dashboard.domain.threat.place_zone import hour_zones
from sety_dashboard.domain.threat.window import resolve_window

log = logging.getLogger(__name__)


def warm_default_baseline() -> None:
    with read_session() as session:
        base = baseline_for(session, resolve_window())
    # Its per-cell sums as a lookup and its zones (kept on the baseline), so
    # the first score in an occupied cell does not build them.
    settled_cells(base)
    hour_zones(base)


async def run_threat_baseline_warmer(interval_s: float = 60.0) -> None:
    duties.mark_started("threat_warmer")
    while True:
        try:
            await asyncio.to_thread(warm_default_baseline)
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed warm-up only means the next request computes it
            log.exception("warming the threat baseline failed")
        await asyncio.sleep(interval_s)
