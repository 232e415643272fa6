"""An access code's status, derived from the clock and its uses (never
stored, so it cannot go stale), in Python and in SQL.

Its own module so that `read_model` (which shows the status) and `codes` (which
issues and consumes codes, and records events holding read models) do not import
each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, not_

from sety_dashboard.domain.access.inputs import CODE_STATUSES
from sety_dashboard.domain.access.models import AccessCode
from sety_dashboard.domain.errors import ValidationFailed


def code_status(code: AccessCode, now: datetime) -> str:
    if code.revoked_at is not None:
        return "revoked"
    if code.uses >= code.max_uses:
        return "exhausted"
    if code.valid_until <= now:
        return "expired"
    return "active"


def status_condition(status: str, now: datetime) -> Any:
    """The SQL form of `code_status(...) == status`, for list filters."""
    revoked = AccessCode.revoked_at.is_not(None)
    exhausted = AccessCode.uses >= AccessCode.max_uses
    expired = AccessCode.valid_until <= now
    if status == "revoked":
        return revoked
    if status == "exhausted":
        return and_(not_(revoked), exhausted)
    if status == "expired":
        return and_(not_(revoked), not_(exhausted), expired)
    if status == "active":
        return live_condition(now)
    raise ValidationFailed(f"status must be one of {', '.join(CODE_STATUSES)}", "status",
                           "invalid_choice")


def live_condition(now: datetime) -> Any:
    """Codes that can still admit someone, now or later in their window."""
    return and_(AccessCode.revoked_at.is_(None), AccessCode.uses < AccessCode.max_uses,
                AccessCode.valid_until > now)
