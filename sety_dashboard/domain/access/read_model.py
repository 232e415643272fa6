"""AccessCode, AccessLog and CurrentVisitor as the API, the event log and the
visitor board see them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.access.models import AccessCode, AccessLog
from sety_dashboard.domain.access.status import code_status


def code_view(code: AccessCode, now: datetime) -> dict[str, Any]:
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


def log_view(log: AccessLog) -> dict[str, Any]:
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


def current_view(log: AccessLog, now: datetime) -> dict[str, Any]:
    return {**log_view(log), "on_site_s": on_site_seconds(log, now),
            "overstay": is_overstay(log, now), "expected_out_at": iso(log.overstay_at)}
