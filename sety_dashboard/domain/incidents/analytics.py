"""Incident analytics: counts, time-to-acknowledge/resolve, SLA breach rate.

Drills are counted apart (`drills`) and left out of everything else.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.localtime import local_hour
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.domain.incidents.sla import STAGES, stage_breached


def _percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (no interpolation: an observed value)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def incident_analytics(session: Session, *, since: datetime | None,
                       until: datetime | None) -> dict[str, Any]:
    now = clock.now()
    window = []
    if since:
        window.append(Incident.created_at >= since)
    if until:
        window.append(Incident.created_at <= until)
    drills = session.execute(
        select(func.count()).select_from(Incident).where(Incident.is_drill.is_(True), *window)
    ).scalar_one()
    rows = session.execute(select(Incident).where(Incident.is_drill.is_(False), *window)).scalars()

    by_status: dict[str, int] = {}
    by_category: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    by_hour = [0] * 24
    tta: list[float] = []
    ttr: list[float] = []
    breached = total = open_ = 0
    for inc in rows:
        total += 1
        by_status[inc.status] = by_status.get(inc.status, 0) + 1
        by_category[inc.category] = by_category.get(inc.category, 0) + 1
        by_severity[inc.severity] = by_severity.get(inc.severity, 0) + 1
        by_hour[local_hour(inc.created_at)] += 1
        if inc.status in OPEN:
            open_ += 1
        if inc.acknowledged_at:
            tta.append((inc.acknowledged_at - inc.created_at).total_seconds())
        if inc.resolved_at:
            ttr.append((inc.resolved_at - inc.created_at).total_seconds())
        if any(stage_breached(inc, s, now) for s in STAGES):
            breached += 1
    return {
        "total": total,
        "open": open_,
        "by_status": by_status,
        "by_category": by_category,
        "by_severity": by_severity,
        "by_hour": by_hour,
        "mean_time_to_acknowledge_s": _mean(tta),
        "p90_time_to_acknowledge_s": _percentile(tta, 90),
        "mean_time_to_resolve_s": _mean(ttr),
        "sla_breach_rate": round(breached / total, 4) if total else 0.0,
        "drills": drills,
    }
