"""Visitor statistics for a window (`since`..`until`) and optionally a site.

Definitions (docs/ACCESS.md has the reasoning):

- total_visits, by_hour, by_day, unique_visitors: visits that *checked in*
  within the window. by_hour/by_day use the local time zone (SETY_TIMEZONE);
  by_day lists every local date of the window, zero days included.
- average/median_duration_s: over those visits that have checked out.
- peak_occupancy/peak_at: the most people inside at one instant within the
  window (visits that began before it count from its start), found by
  sweeping check-ins (+1) and check-outs (-1) in time order; at the same
  instant check-outs go first. peak_at is the first instant the peak was
  reached.
- currently_inside: people inside now (whatever the window).
- denied_attempts: refused check-ins within the window.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.localtime import local_zone
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.access.models import AccessDenial, AccessLog
from sety_dashboard.domain.errors import ValidationFailed

MAX_DAYS = 3660


def median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def peak_occupancy(intervals: Iterable[tuple[datetime, datetime | None]],
                   start: datetime | None, end: datetime) -> tuple[int, datetime | None]:
    """Most visits overlapping one instant in [start, end], and when first.

    Each visit is inside on [check_in, check_out); an open visit (no
    check-out) stays inside until `end`.
    """
    moves: list[tuple[datetime, int]] = []
    for check_in, check_out in intervals:
        enter = check_in if start is None or check_in > start else start
        if enter > end or (check_out is not None and check_out <= enter):
            continue
        moves.append((enter, 1))
        if check_out is not None and check_out <= end:
            moves.append((check_out, -1))
    moves.sort(key=lambda m: (m[0], m[1]))  # -1 sorts before +1 at one instant
    inside = peak = 0
    peak_at: datetime | None = None
    for when, delta in moves:
        inside += delta
        if inside > peak:
            peak, peak_at = inside, when
    return peak, peak_at


def visitor_key(name: str, phone: str | None) -> str:
    """Who counts as the same visitor: the phone when known, else the name."""
    return phone if phone else " ".join(name.split()).casefold()


def _days(first: date, last: date) -> list[date]:
    span = min((last - first).days, MAX_DAYS)
    return [first + timedelta(days=i) for i in range(span + 1)] if span >= 0 else []


def access_stats(session: Session, *, since: datetime | None, until: datetime | None,
                 site: str | None) -> dict[str, Any]:
    if since and until and since > until:
        raise ValidationFailed("since must not be after until", "since", "after_until")
    now = clock.now()
    end = min(until, now) if until else now
    zone = local_zone()
    site_match = (lambda col: func.lower(col) == site.lower()) if site else None

    query = select(AccessLog.check_in_at, AccessLog.check_out_at, AccessLog.visitor_name,
                   AccessLog.visitor_phone, AccessLog.duration_s)
    if until:
        query = query.where(AccessLog.check_in_at <= until)
    if since:
        query = query.where(or_(AccessLog.check_out_at.is_(None), AccessLog.check_out_at > since))
    if site_match is not None:
        query = query.where(site_match(AccessLog.site))
    rows = session.execute(query).all()

    in_window = [r for r in rows if since is None or r.check_in_at >= since]
    durations = [float(r.duration_s) for r in in_window if r.duration_s is not None]
    by_hour = [0] * 24
    per_day: dict[date, int] = {}
    for r in in_window:
        local = r.check_in_at.astimezone(zone)
        by_hour[local.hour] += 1
        per_day[local.date()] = per_day.get(local.date(), 0) + 1
    last_day = (until or now).astimezone(zone).date()
    if since:
        first_day = since.astimezone(zone).date()
    else:
        first_day = min(per_day, default=last_day)
    peak, peak_at = peak_occupancy(((r.check_in_at, r.check_out_at) for r in rows), since, end)

    inside_q = select(func.count()).select_from(AccessLog).where(AccessLog.status == "checked_in")
    denied_q = select(func.count()).select_from(AccessDenial)
    if site_match is not None:
        inside_q = inside_q.where(site_match(AccessLog.site))
        denied_q = denied_q.where(site_match(AccessDenial.site))
    if since:
        denied_q = denied_q.where(AccessDenial.attempted_at >= since)
    if until:
        denied_q = denied_q.where(AccessDenial.attempted_at <= until)

    return {
        "total_visits": len(in_window),
        "currently_inside": session.execute(inside_q).scalar_one(),
        "unique_visitors": len({visitor_key(r.visitor_name, r.visitor_phone) for r in in_window}),
        "average_duration_s": mean(durations),
        "median_duration_s": median(durations),
        "peak_occupancy": peak,
        "peak_at": iso(peak_at),
        "denied_attempts": session.execute(denied_q).scalar_one(),
        "by_hour": by_hour,
        "by_day": [{"date": d.isoformat(), "visits": per_day.get(d, 0)}
                   for d in _days(first_day, last_day)],
    }
