"""The trends page's state (`/trends`, supervisors and admins): a range of
days, by day or week, beside the period before it. Figures from
`domain/incidents/trends.py`; words and the one duration format here.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from typing import Any

import reflex as rx

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session
from sety_dashboard.core.localtime import local_zone
from sety_dashboard.core.timefmt import as_utc
from sety_dashboard.domain.errors import DomainError
from sety_dashboard.domain.incidents.trends import trends, trends_csv
from sety_dashboard.domain.users.permissions import can_see_analytics
from sety_dashboard.ui.state.auth import AuthState, describe_error
from sety_dashboard.ui.state.report import Report
from sety_dashboard.ui.viewmodels.scorecard_rows import duration

STAGE_WORDS = {"acknowledge": "Acknowledge", "dispatch": "Dispatch", "resolve": "Resolve"}
PRESETS = {"7 days": (7, "day"), "30 days": (30, "day"), "12 weeks": (84, "week")}


def _range(start: str, end: str) -> tuple[datetime, datetime]:
    """Local calendar days `start`..`end` (both included) → UTC [since, until)."""
    zone = local_zone()
    since = datetime.combine(date.fromisoformat(start), time(0), zone)
    until = datetime.combine(date.fromisoformat(end) + timedelta(days=1), time(0), zone)
    return as_utc(since), as_utc(until)


def _read(start: str, end: str, bucket: str) -> dict[str, Any]:
    since, until = _range(start, end)
    with read_session() as session:
        return trends(session, since=since, until=until, bucket=bucket)


def _secs(v: float | None) -> str:
    return duration(None if v is None else round(v))


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f} %"


def _change_time(cur: float | None, prev: float | None) -> str:
    if cur is None or prev is None:
        return "—"
    delta = round(cur - prev)
    if delta == 0:
        return "same"
    return f"{'slower' if delta > 0 else 'faster'} by {duration(abs(delta))}"


def _change_count(cur: int, prev: int) -> str:
    if cur == prev:
        return "same"
    return f"{'up' if cur > prev else 'down'} {abs(cur - prev)}"


def _change_rate(cur: float | None, prev: float | None) -> str:
    if cur is None or prev is None:
        return "—"
    delta = round((cur - prev) * 100, 1)
    if delta == 0:
        return "same"
    return f"{'worse' if delta > 0 else 'better'} by {abs(delta):.1f} points"


def summary_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    c, p = data["current"]["totals"], data["previous"]["totals"]
    rows = [
        {"metric": "Incidents (drills left out)", "now": str(c["incidents"]),
         "before": str(p["incidents"]), "change": _change_count(c["incidents"], p["incidents"])},
        {"metric": "Mean time to acknowledge (MTTA)", "now": _secs(c["mtta_s"]),
         "before": _secs(p["mtta_s"]), "change": _change_time(c["mtta_s"], p["mtta_s"])},
        {"metric": "Mean time to resolve (MTTR)", "now": _secs(c["mttr_s"]),
         "before": _secs(p["mttr_s"]), "change": _change_time(c["mttr_s"], p["mttr_s"])},
    ]
    for s, word in STAGE_WORDS.items():
        cs, ps = c["stages"][s], p["stages"][s]
        rows.append({"metric": f"{word}: 90 % within (p90)", "now": _secs(cs["p90_s"]),
                     "before": _secs(ps["p90_s"]),
                     "change": _change_time(cs["p90_s"], ps["p90_s"])})
        rows.append({"metric": f"{word}: SLA missed", "now": _pct(cs["breach_rate"]),
                     "before": _pct(ps["breach_rate"]),
                     "change": _change_rate(cs["breach_rate"], ps["breach_rate"])})
    rows.append({"metric": "Drills (counted apart)", "now": str(c["drills"]),
                 "before": str(p["drills"]), "change": _change_count(c["drills"], p["drills"])})
    return rows


def _label(iso_start: str, bucket: str) -> str:
    dt = datetime.fromisoformat(iso_start.replace("Z", "+00:00")).astimezone(local_zone())
    return ("Week of " if bucket == "week" else "") + dt.strftime("%a %d %b")


def chart_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One point per bucket of this period, the previous period's same bucket
    beside it (by position). Times in minutes, one decimal."""
    cur, prev = data["current"]["buckets"], data["previous"]["buckets"]
    out = []
    for i, b in enumerate(cur):
        pb = prev[i] if i < len(prev) else None

        def mins(v: float | None) -> float | None:
            return None if v is None else round(v / 60, 1)

        out.append({"label": _label(b["start"], data["bucket"]),
                    "This period": b["incidents"],
                    "Previous period": pb["incidents"] if pb else 0,
                    "MTTA this period (min)": mins(b["mtta_s"]),
                    "MTTA previous period (min)": mins(pb["mtta_s"]) if pb else None})
    return out


def stage_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    c, p = data["current"]["totals"]["stages"], data["previous"]["totals"]["stages"]

    def pct(v: float | None) -> float:
        return 0.0 if v is None else round(v * 100, 1)

    return [{"stage": w, "This period": pct(c[s]["breach_rate"]),
             "Previous period": pct(p[s]["breach_rate"])} for s, w in STAGE_WORDS.items()]


class TrendsState(Report, AuthState):
    start: str = ""
    end: str = ""
    bucket: str = "day"
    error: str = ""
    summary: list[dict[str, str]] = []
    chart: list[dict[str, Any]] = []
    stages: list[dict[str, Any]] = []
    period_words: str = ""

    @rx.event
    async def load(self):
        if not self.start:
            self._preset_range(30)
        return await self._open(can_see_analytics, follow_board=False)

    def _preset_range(self, days: int) -> None:
        today = clock.now().astimezone(local_zone()).date()
        self.end = today.isoformat()
        self.start = (today - timedelta(days=days - 1)).isoformat()

    async def _compute(self) -> None:
        try:
            data = await asyncio.to_thread(_read, self.start, self.end, self.bucket)
        except (DomainError, ValueError) as exc:
            self.error = describe_error(exc) if isinstance(exc, DomainError) else \
                "Choose both dates."
            return
        self.error = ""
        self.summary, self.chart, self.stages = (summary_rows(data), chart_rows(data),
                                                 stage_rows(data))
        since, until = _range(self.start, self.end)
        days = (until - since).days
        prev_start = (since - (until - since)).astimezone(local_zone())
        self.period_words = (f"{days} days from {since.astimezone(local_zone()):%d %b %Y}, "
                             f"against the {days} days before (from {prev_start:%d %b %Y})")

    @rx.event
    async def set_start(self, value: str):
        self.start = value
        await self._refresh()

    @rx.event
    async def set_end(self, value: str):
        self.end = value
        await self._refresh()

    @rx.event
    async def set_bucket(self, value: str | list[str]):
        await self._choose("bucket", value, ("day", "week"))

    @rx.event
    async def preset(self, name: str):
        days, bucket = PRESETS.get(name, (30, "day"))
        self._preset_range(days)
        self.bucket = bucket
        await self._refresh()

    @rx.event
    async def export_csv(self):
        if await self.admit(can_see_analytics) is None:
            return self.refused()
        data = await asyncio.to_thread(_read, self.start, self.end, self.bucket)
        return rx.download(data=trends_csv(data),
                           filename=f"sety-trends-{self.start}-to-{self.end}.csv")
