"""Small formatting shared by the admin sections (times in the site's zone)."""

from __future__ import annotations

from datetime import datetime

from sety_dashboard.core.localtime import local_zone


def local_time(value: str | None, fmt: str = "%d %b %Y %H:%M") -> str:
    """`2026-11-30T14:00:10.000Z` → `30 Nov 2026 15:00` in SETY_TIMEZONE ("" for None)."""
    if not value:
        return ""
    dt = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(local_zone())
    return dt.strftime(fmt)
