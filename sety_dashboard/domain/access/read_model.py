"""AccessCode, AccessLog and CurrentVisitor as the API, the event log and the
visitor board see them.

Typed once here (TypedDicts: plain dicts at run time); the API names them
as its response models, the dashboard adapts them to its rows.
"""

from __future__ import annotations

from datetime import datetime

from typing_extensions import TypedDict  # pydantic reads only this one on Python < 3.12

from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.access.models import AccessCode, AccessLog
from sety_dashboard.domain.access.status import code_status


class AccessCodeView(TypedDict):
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
    created_by: str | None
    last_used_at: str | None
    revoked_at: str | None
    revoked_by: str | None


class AccessLogView(TypedDict):
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
    checked_in_by: str | None
    checked_in_by_name: str | None
    checked_out_by: str | None
    checked_out_by_name: str | None


class CurrentVisitorView(AccessLogView):
    """A visit as the visitor board shows it: how long, and whether overdue."""

    on_site_s: int
    overstay: bool
    expected_out_at: str | None


class MusterEntryView(CurrentVisitorView):
    """A visitor on an incident's muster list, and whether accounted for."""

    accounted: bool
    accounted_at: str | None
    accounted_by: str | None


def code_view(code: AccessCode, now: datetime) -> AccessCodeView:
    return {
        "code_id": code.id, "code": code.code, "visitor_name": code.visitor_name,
        "visitor_phone": code.visitor_phone, "visitor_email": code.visitor_email,
        "host_name": code.host_name, "purpose": code.purpose, "site": code.site,
        "valid_from": iso(code.valid_from), "valid_until": iso(code.valid_until),
        "max_uses": code.max_uses, "uses": code.uses, "status": code_status(code, now),
        "created_at": iso(code.created_at), "created_by": code.created_by,
        "last_used_at": iso(code.last_used_at), "revoked_at": iso(code.revoked_at),
        "revoked_by": code.revoked_by,
    }


def log_view(log: AccessLog) -> AccessLogView:
    return {
        "log_id": log.id, "visitor_name": log.visitor_name, "visitor_phone": log.visitor_phone,
        "host_name": log.host_name, "purpose": log.purpose, "site": log.site,
        "method": log.method, "code_id": log.code_id, "status": log.status,
        "check_in_at": iso(log.check_in_at), "check_out_at": iso(log.check_out_at),
        "duration_s": log.duration_s, "notes": log.notes,
        "checked_in_by": log.checked_in_by, "checked_in_by_name": log.checked_in_by_name,
        "checked_out_by": log.checked_out_by, "checked_out_by_name": log.checked_out_by_name,
    }


def on_site_seconds(log: AccessLog, now: datetime) -> int:
    end = log.check_out_at or now
    return max(0, round((end - log.check_in_at).total_seconds()))


def is_overstay(log: AccessLog, now: datetime) -> bool:
    """Still inside once the code's valid_until has come (or 12 h after a
    walk-in's check-in): the same instant the code itself turns `expired`."""
    return log.status == "checked_in" and now >= log.overstay_at


def current_view(log: AccessLog, now: datetime) -> CurrentVisitorView:
    return {**log_view(log), "on_site_s": on_site_seconds(log, now),
            "overstay": is_overstay(log, now), "expected_out_at": iso(log.overstay_at)}
