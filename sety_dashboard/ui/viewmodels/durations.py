"""Durations as the room writes them: `90 s`, `5 min`, `1 h 30 min`, `3 d`.

One format for the SLA form (typed in, shown back) and for every duration
the scorecards and reports show.
"""

from __future__ import annotations

import re

from sety_dashboard.domain.errors import ValidationFailed

_UNITS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
          "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
          "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
          "d": 86400, "day": 86400, "days": 86400}
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]*)")


def parse_duration(text: str, field: str) -> int:
    """`"90"`, `"90 s"`, `"5 min"`, `"1 h 30 min"`, `"2d"` → seconds."""
    value = text.strip().lower()
    parts = _PART.findall(value)
    if not value or not parts or _PART.sub("", value).strip():
        raise ValidationFailed(f"{field}: write a duration such as 90 s, 5 min or 4 h",
                               field, "invalid")
    total = 0.0
    for number, unit in parts:
        if unit not in _UNITS and unit != "":
            raise ValidationFailed(f"{field}: unknown unit {unit!r} (use s, min, h or d)",
                                   field, "invalid")
        total += float(number.replace(",", ".")) * _UNITS.get(unit, 1)
    return round(total)


def format_duration(seconds: int) -> str:
    """Seconds as the room says them: `15 s`, `5 min`, `1 h 30 min`, `3 d`."""
    out = []
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60), ("s", 1)):
        if seconds >= size or (unit == "s" and not out):
            n, seconds = divmod(seconds, size)
            if n:
                out.append(f"{n} {unit}")
    return " ".join(out) or "0 s"
