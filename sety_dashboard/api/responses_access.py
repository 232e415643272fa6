"""Response models of the Access area (access codes, visits, stats, musters).

Kept apart from api/responses.py so each area owns its own models.
"""

from __future__ import annotations

from pydantic import BaseModel


class AccessCodeOut(BaseModel):
    code_id: str
    code: str
    visitor_name: str
    visitor_phone: str | None
    visitor_email: str | None
    host_name: str | None
    purpose: str | None
    site: str | None
    valid_from: str
    valid_until: str
    max_uses: int
    uses: int
    status: str
    created_at: str
    created_by: str | None = None
    last_used_at: str | None = None
    revoked_at: str | None = None
    revoked_by: str | None = None


class ValidationResultOut(BaseModel):
    valid: bool
    reason: str
    message: str
    access_code: AccessCodeOut | None


class AccessLogOut(BaseModel):
    log_id: str
    visitor_name: str
    visitor_phone: str | None
    host_name: str | None
    purpose: str | None
    site: str | None
    method: str
    code_id: str | None
    status: str
    check_in_at: str
    check_out_at: str | None
    duration_s: int | None
    notes: str | None
    checked_in_by: str | None = None
    checked_in_by_name: str | None = None
    checked_out_by: str | None = None
    checked_out_by_name: str | None = None


class CurrentVisitorOut(AccessLogOut):
    on_site_s: int
    overstay: bool
    expected_out_at: str | None = None


class CurrentVisitorsOut(BaseModel):
    data: list[CurrentVisitorOut]
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


class MusterEntryOut(CurrentVisitorOut):
    accounted: bool
    accounted_at: str | None
    accounted_by: str | None


class MusterOut(BaseModel):
    incident_id: str
    site: str | None
    category: str
    incident_status: str
    is_drill: bool
    started_at: str
    data: list[MusterEntryOut]
    count: int
    accounted: int
    missing: int
