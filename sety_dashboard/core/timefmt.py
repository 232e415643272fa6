"""Timestamps as the API speaks them: ISO-8601 UTC, milliseconds, `Z`."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


YEAR_MIN = 1970
YEAR_MAX = 2999


def as_utc(dt: datetime) -> datetime:
    """Naive datetimes are taken as UTC; aware ones are converted to UTC.

    A moment that cannot be written in UTC (year 9999 at -14:00) is a
    ValueError, never an OverflowError."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    try:
        return dt.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("the date is out of range once converted to UTC") from exc


def check_instant(dt: datetime) -> datetime:
    """The moment in UTC, if its year (in UTC) is within YEAR_MIN..YEAR_MAX; else ValueError."""
    utc = as_utc(dt)
    if not YEAR_MIN <= utc.year <= YEAR_MAX:
        raise ValueError(f"dates must fall within the years {YEAR_MIN}–{YEAR_MAX} (in UTC)")
    return utc
