"""The analytics page's state: incident analytics for a window, drills apart.

The figures come from `domain/incidents/analytics.py` (the same function as
`GET /v1/incidents/analytics`). The page follows incident events live, but
recomputes at most every few seconds however busy the room is.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents.analytics import incident_analytics
from sety_dashboard.domain.incidents.inputs import CATEGORIES
from sety_dashboard.domain.users.permissions import can_see_analytics
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.report import Report

WINDOWS = {"24h": 1, "7d": 7, "30d": 30, "90d": 90}


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def read_analytics(days: int) -> dict[str, Any]:
    until = clock.now()
    with read_session() as session:
        return incident_analytics(session, since=until - timedelta(days=days), until=until)


class AnalyticsState(Report, AuthState):
    window: str = "30d"
    total: int = 0
    open: int = 0
    drills: int = 0
    mtta: str = "—"
    p90_tta: str = "—"
    mttr: str = "—"
    breach_rate: str = "—"
    by_hour: list[dict[str, Any]] = []
    by_category: list[dict[str, Any]] = []
    by_severity: list[dict[str, Any]] = []
    by_status: list[dict[str, Any]] = []

    async def load(self):
        return await self._open(can_see_analytics, follow_board=True)

    async def set_window(self, value: str | list[str]):
        if await self.admit(can_see_analytics) is None:
            return self.refused()
        if isinstance(value, str) and value in WINDOWS:
            self.window = value
            await self._refresh()
        return None

    async def _compute(self) -> None:
        data = await asyncio.to_thread(read_analytics, WINDOWS[self.window])
        self.total, self.open, self.drills = data["total"], data["open"], data["drills"]
        self.mtta = _minutes(data["mean_time_to_acknowledge_s"])
        self.p90_tta = _minutes(data["p90_time_to_acknowledge_s"])
        self.mttr = _minutes(data["mean_time_to_resolve_s"])
        self.breach_rate = f"{data['sla_breach_rate'] * 100:.1f} %" if data["total"] else "—"
        self.by_hour = [{"hour": f"{h:02d}", "incidents": n} for h, n in enumerate(data["by_hour"])]
        self.by_category = [{"name": c.replace("_", " "), "incidents": data["by_category"].get(c, 0)}
                            for c in CATEGORIES]
        self.by_severity = [{"name": s, "incidents": data["by_severity"].get(s, 0)}
                            for s in ("critical", "high", "medium", "low")]
        self.by_status = [{"name": s.replace("_", " "), "incidents": n}
                          for s, n in sorted(data["by_status"].items())]

