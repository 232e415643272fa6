"""Trends: incidents, time to acknowledge and resolve, and SLA results per
stage, by day or week over a chosen range, with the period just before it
beside it (the same length), so a supervisor sees the direction.

Buckets follow the site's calendar (`SETY_TIMEZONE`); weeks start on Monday.
Drills are counted apart and left out of every other figure. "p90" is the
nearest-rank 90th percentile, the way NFPA 1221 measures call processing
("90 % of calls within …").
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.localtime import local_zone
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.incidents.analytics import _mean, _percentile
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.domain.incidents.sla import STAGES, stage_breached, stage_done_at

BUCKETS = ("day", "week")
MAX_BUCKETS = 400


def _bucket_start(dt: datetime, bucket: str) -> datetime:
    local = dt.astimezone(local_zone())
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if bucket == "week":
        day -= timedelta(days=day.weekday())
    return day


def _edges(since: datetime, until: datetime, bucket: str) -> list[datetime]:
    step = timedelta(days=7 if bucket == "week" else 1)
    start = _bucket_start(since, bucket)
    edges = []
    while start < until:
        edges.append(start)
        if len(edges) > MAX_BUCKETS:
            raise ValidationFailed(f"at most {MAX_BUCKETS} {bucket}s at once; choose a "
                                   "shorter range or weeks", "since", "out_of_range")
        # Add a calendar day or week in local time (DST-safe), then normalise.
        start = (start.replace(tzinfo=None) + step).replace(tzinfo=local_zone())
    return edges


def _figures(rows: list[Incident], now: datetime) -> dict[str, Any]:
    real = [i for i in rows if not i.is_drill]
    took: dict[str, list[float]] = {s: [] for s in STAGES}
    breached = {s: 0 for s in STAGES}
    for inc in real:
        for s in STAGES:
            done = stage_done_at(inc, s)
            if done is not None:
                took[s].append((done - inc.created_at).total_seconds())
            if stage_breached(inc, s, now):
                breached[s] += 1
    n = len(real)
    return {
        "incidents": n,
        "drills": len(rows) - n,
        "mtta_s": _mean(took["acknowledge"]),
        "mttr_s": _mean(took["resolve"]),
        "stages": {s: {"p90_s": _percentile(took[s], 90),
                       "breach_rate": round(breached[s] / n, 4) if n else None}
                   for s in STAGES},
    }


def _period(session: Session, since: datetime, until: datetime, bucket: str,
            now: datetime) -> dict[str, Any]:
    rows = list(session.execute(select(Incident).where(
        Incident.created_at >= since, Incident.created_at < until)).scalars())
    edges = _edges(since, until, bucket)
    buckets = []
    for i, start in enumerate(edges):
        end = edges[i + 1] if i + 1 < len(edges) else until
        lo = max(start, since)
        inside = [r for r in rows if lo <= r.created_at < end]
        buckets.append({"start": iso(start), **_figures(inside, now)})
    return {"since": iso(since), "until": iso(until), "totals": _figures(rows, now),
            "buckets": buckets}


def trends(session: Session, *, since: datetime, until: datetime,
           bucket: str = "day") -> dict[str, Any]:
    """This period and the one of the same length just before it."""
    if bucket not in BUCKETS:
        raise ValidationFailed("bucket must be day or week", "bucket", "invalid")
    if until <= since:
        raise ValidationFailed("the range must end after it starts", "until", "invalid")
    now = clock.now()
    span = until - since
    return {"bucket": bucket,
            "current": _period(session, since, until, bucket, now),
            "previous": _period(session, since - span, since, bucket, now)}


def trends_csv(data: dict[str, Any]) -> str:
    """One row per bucket of both periods; times in seconds, rates 0–1."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period", "bucket_start", "incidents", "drills", "mtta_s", "mttr_s",
                     *[f"{s}_{k}" for s in STAGES for k in ("p90_s", "breach_rate")]])
    for period in ("current", "previous"):
        for b in data[period]["buckets"]:
            writer.writerow([period, b["start"], b["incidents"], b["drills"],
                             _blank(b["mtta_s"]), _blank(b["mttr_s"]),
                             *[_blank(b["stages"][s][k]) for s in STAGES
                               for k in ("p90_s", "breach_rate")]])
    return out.getvalue()


def _blank(value: Any) -> Any:
    return "" if value is None else value
