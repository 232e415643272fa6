"""Danger analytics of a place: counts, time of day, comparison with the
data set, a short-term prediction, recurring patterns, and the safety score."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import h3.api.basic_int as h3i
import numpy as np
from sqlalchemy.orm import Session

from sety_dashboard.domain.incidents.inputs import CATEGORIES
from sety_dashboard.domain.threat import weights as W
from sety_dashboard.domain.threat.baseline import Baseline, baseline_for
from sety_dashboard.domain.threat.geometry import check_point, disk_cover, haversine_m
from sety_dashboard.domain.threat.points import Points, fetch_points, local_hours_weekdays
from sety_dashboard.domain.threat.score import safety_score
from sety_dashboard.domain.threat.window import ThreatWindow, check_radius

DEFAULT_RADIUS_M = 1_000.0
RECENT_DAYS = 28.0
Z_TREND = 1.96          # two-sided 95 %
MIN_TREND_RATIO = 1.2   # and at least a 20 % change, to be worth saying
MIN_TREND_COUNT = 5
RECURRING_WEEKS = 3
REPEAT_MIN = 2


def danger_analytics(session: Session, *, lat: float, lng: float, radius_m: float | None,
                     window: ThreatWindow) -> dict[str, Any]:
    check_point(lat, lng)
    radius = check_radius(radius_m if radius_m is not None else DEFAULT_RADIUS_M)
    points = fetch_points(session, disk_cover(lat, lng, radius), window)
    local = points.subset(haversine_m(lat, lng, points.lat, points.lng) <= radius)
    hours, weekdays = local_hours_weekdays(local.t)
    area_km2 = math.pi * (radius / 1000.0) ** 2
    base = baseline_for(session, window)
    cats = Counter(CATEGORIES[c] for c in local.cat.tolist())
    sevs = Counter(W.SEVERITY_CODES[s] for s in local.sev.tolist())
    return {
        "location": {"coordinates": [lng, lat]},
        "radius_m": radius,
        "period": window.period(),
        "incident_count": len(local),
        "by_category": dict(sorted(cats.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_severity": {s: sevs.get(s, 0) for s in W.SEVERITY_CODES},
        "time_analysis": time_analysis(hours, weekdays),
        "comparison": comparison(len(local), area_km2, base),
        "prediction": prediction(local, window, area_km2, base),
        "patterns": patterns(local, hours, radius, window),
        "safety_score": safety_score(session, lat=lat, lng=lng, radius_m=radius, at=None,
                                     window=window),
    }


def _ranked_hours(by_hour: np.ndarray, highest: bool, n: int = 3) -> list[int]:
    order = sorted(range(24), key=lambda h: ((-by_hour[h] if highest else by_hour[h]), h))
    return [h for h in order[:n] if not highest or by_hour[h] > 0]


def time_analysis(hours: np.ndarray, weekdays: np.ndarray) -> dict[str, Any]:
    by_hour = np.bincount(hours, minlength=24) if len(hours) else np.zeros(24, dtype=int)
    by_weekday = np.bincount(weekdays, minlength=7) if len(weekdays) else np.zeros(7, dtype=int)
    empty = len(hours) == 0
    return {"by_hour": by_hour.tolist(), "by_weekday": by_weekday.tolist(),
            "peak_hours": [] if empty else _ranked_hours(by_hour, True),
            "safest_hours": [] if empty else _ranked_hours(by_hour, False)}


def comparison(count: int, area_km2: float, base: Baseline) -> dict[str, Any]:
    rate = count / area_km2
    baseline = base.rate_per_km2
    return {"area_rate_per_km2": round(rate, 3), "baseline_rate_per_km2": round(baseline, 3),
            "ratio": round(rate / baseline, 3) if baseline else 0.0,
            "percentile": base.percentile(rate)}


def prediction(local: Points, window: ThreatWindow, area_km2: float, base: Baseline
               ) -> dict[str, Any]:
    days = window.days
    recent_days = min(RECENT_DAYS, days / 2.0)
    earlier_days = days - recent_days
    recent = local.t >= window.until_epoch - recent_days * W.DAY_S
    n_recent, n_total = int(recent.sum()), len(local)
    n_earlier = n_total - n_recent
    rate_recent, rate_earlier = n_recent / recent_days, n_earlier / earlier_days
    trend, z = "stable", 0.0
    if n_total >= MIN_TREND_COUNT:
        p = recent_days / days
        z = (n_recent - n_total * p) / math.sqrt(n_total * p * (1 - p))
        ratio = rate_recent / rate_earlier if rate_earlier else math.inf
        if z >= Z_TREND and ratio >= MIN_TREND_RATIO:
            trend = "rising"
        elif z <= -Z_TREND and ratio <= 1 / MIN_TREND_RATIO:
            trend = "falling"
    # A significant change: the recent rate is the better guide; otherwise the
    # whole window's rate, which rests on more incidents.
    if trend == "stable":
        expected, used = 7.0 * n_total / days, n_total
    else:
        expected, used = 7.0 * rate_recent, n_recent
    base_expected = 7.0 * base.rate_per_km2 * area_km2 / days if days else 0.0
    level = W.ratio_risk_level(expected / base_expected) if base_expected else "low"
    return {
        "risk_level": level,
        "expected_incidents_next_7d": round(expected, 1),
        "trend": trend,
        "confidence": round(1.0 - 1.0 / math.sqrt(1.0 + used), 2),
        "method": (f"incident rate of the last {recent_days:g} days against the "
                   f"{earlier_days:g} days before (conditional binomial test, 95 %, and a change "
                   "of at least 20 %); expected count = 7 × the recent daily rate when the "
                   "trend is significant, else 7 × the daily rate of the whole window; "
                   "confidence = 1 − 1/√(1 + incidents the estimate rests on)"),
        "recent_rate_per_day": round(rate_recent, 3),
        "earlier_rate_per_day": round(rate_earlier, 3),
        "trend_z": round(z, 2),
    }


def patterns(local: Points, hours: np.ndarray, radius_m: float, window: ThreatWindow
             ) -> dict[str, Any]:
    n = len(local)
    weeks = (local.t // (7 * W.DAY_S)).astype(np.int64)
    cat_weeks: dict[int, set[int]] = {}
    for c, wk in zip(local.cat.tolist(), weeks.tolist(), strict=True):
        cat_weeks.setdefault(c, set()).add(wk)
    counts = Counter(local.cat.tolist())
    recurring = sorted((c for c, wks in cat_weeks.items() if len(wks) >= RECURRING_WEEKS),
                       key=lambda c: (-counts[c], CATEGORIES[c]))
    by_hour = np.bincount(hours, minlength=24) if n else np.zeros(24, dtype=int)
    threshold = max(2.0, 1.5 * n / 24.0)
    hotspot_hours = [h for h in range(24) if by_hour[h] >= threshold]
    cells = Counter(local.cell.tolist())
    repeats = sorted(((c, k) for c, k in cells.items() if k >= REPEAT_MIN),
                     key=lambda ck: (-ck[1], ck[0]))[:5]
    repeat_locations = []
    for cell, count in repeats:
        lat, lng = h3i.cell_to_latlng(cell)
        repeat_locations.append({"coordinates": [round(lng, 6), round(lat, 6)], "count": count})
    return {
        "recurring_categories": [CATEGORIES[c] for c in recurring],
        "hotspot_hours": hotspot_hours,
        "repeat_locations": repeat_locations,
        "summary": _summary(n, radius_m, window.days, counts, hotspot_hours, repeat_locations),
    }


def _summary(n: int, radius_m: float, days: float, counts: Counter, hotspot_hours: list[int],
             repeats: list[dict[str, Any]]) -> str:
    if n == 0:
        return f"No incidents within {int(radius_m)} m in the last {round(days)} days."
    top, top_n = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))
    parts = [f"{n} incident{'s' if n != 1 else ''} within {int(radius_m)} m in the last "
             f"{round(days)} days, most often {CATEGORIES[top].replace('_', ' ')} "
             f"({round(100 * top_n / n)} %)"]
    if hotspot_hours:
        parts.append("busiest hours " + ", ".join(f"{h:02d}:00" for h in hotspot_hours))
    if repeats:
        parts.append(f"{len(repeats)} spot{'s' if len(repeats) != 1 else ''} with repeat incidents")
    return "; ".join(parts) + "."
