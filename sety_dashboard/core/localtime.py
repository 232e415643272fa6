"""Local time of day for analytics (`SETY_TIMEZONE`)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sety_dashboard.core.settings import get_settings


def local_zone() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


def local_hour(dt: datetime) -> int:
    return dt.astimezone(local_zone()).hour


def local_weekday(dt: datetime) -> int:
    """Monday = 0."""
    return dt.astimezone(local_zone()).weekday()
