"""Response models of the Access area (access codes, visits, stats, musters).

Kept apart from api/responses.py so each area owns its own models. A code,
a visit and a muster entry are the domain's read models
(`domain/access/read_model.py`), named here as they are.
"""

from __future__ import annotations

from pydantic import BaseModel

from sety_dashboard.domain.access.read_model import (
    AccessCodeView,
    CurrentVisitorView,
    MusterEntryView,
)


class ValidationResultOut(BaseModel):
    valid: bool
    reason: str
    message: str
    access_code: AccessCodeView | None


class CurrentVisitorsOut(BaseModel):
    data: list[CurrentVisitorView]
    count: int


class VisitsOnDay(BaseModel):
    date: str
    visits: int


class AccessStatsOut(BaseModel):
    total_visits: int
    currently_inside: int
    unique_visitors: int
    average_duration_s: float | None
    median_duration_s: float | None
    peak_occupancy: int
    peak_at: str | None
    denied_attempts: int
    by_hour: list[int]
    by_day: list[VisitsOnDay]


class MusterOut(BaseModel):
    incident_id: str
    site: str | None
    category: str
    incident_status: str
    is_drill: bool
    started_at: str
    data: list[MusterEntryView]
    count: int
    accounted: int
    missing: int
