"""The visitor log and an emergency's roll call as CSV.

The API's export keeps the API's UTC times (`…Z`); the visitor board's
export and the roll call give the times the desk sees on screen: ISO-8601
in the desk's zone (SETY_TIMEZONE) with its offset, e.g.
`2026-12-01T15:04:05+01:00`, which a spreadsheet and a fire marshal both
read as local time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

COLUMNS = ("log_id", "visitor_name", "visitor_phone", "host_name", "purpose", "site", "method",
           "status", "check_in_at", "check_out_at", "duration_s", "notes", "checked_in_by_name",
           "checked_out_by_name")
# Cells a spreadsheet would run as a formula (CSV injection): prefixed with '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        # A phone number such as +234… is data, not a formula: leave it.
        if not (text.startswith("+") and text[1:].isdigit()):
            return "'" + text
    return text


TIME_COLUMNS = ("check_in_at", "check_out_at", "accounted_at")
ROLL_CALL_COLUMNS = ("status", "visitor_name", "visitor_phone", "host_name", "site",
                     "check_in_at", "check_out_at", "accounted_at", "accounted_by", "log_id")


def local_iso(value: str | None, zone: ZoneInfo) -> str | None:
    """An API time (`2026-12-01T14:04:05.000Z`) in `zone`, with its offset."""
    if not value:
        return value
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when.astimezone(zone).isoformat(timespec="seconds")


def _row(view: dict[str, Any], columns: tuple[str, ...], zone: ZoneInfo | None) -> list[str]:
    return [_cell(local_iso(view.get(col), zone) if zone is not None and col in TIME_COLUMNS
                  else view.get(col)) for col in columns]


def logs_csv(views: Iterable[dict[str, Any]], zone: ZoneInfo | None = None) -> str:
    """CSV text with a header row, one row per log view, in the given order;
    times in `zone` with offset when given (else as the API gives them)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for view in views:
        writer.writerow(_row(view, COLUMNS, zone))
    return out.getvalue()


def roll_call_csv(muster: dict[str, Any], zone: ZoneInfo) -> str:
    """An emergency's roll call for the fire marshal: a heading line that
    says what it is (DRILL when it is one), then missing people first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    kind = "DRILL " if muster.get("is_drill") else ""
    writer.writerow([f"{kind}{(muster.get('category') or '').upper()} roll call",
                     _cell(muster.get("site")), local_iso(muster.get("started_at"), zone),
                     f"{muster.get('accounted', 0)} of {muster.get('count', 0)} safe",
                     f"{muster.get('missing', 0)} missing"])
    writer.writerow(ROLL_CALL_COLUMNS)
    people = sorted(muster.get("data") or [],
                    key=lambda r: (bool(r.get("accounted")), (r.get("visitor_name") or "").casefold()))
    for person in people:
        row = {**person, "status": "safe" if person.get("accounted") else "missing"}
        writer.writerow(_row(row, ROLL_CALL_COLUMNS, zone))
    return out.getvalue()
