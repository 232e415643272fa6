"""The visitor log as CSV (the board's export and the API's alike)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

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


def logs_csv(views: Iterable[dict[str, Any]]) -> str:
    """CSV text with a header row, one row per log view, in the given order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for view in views:
        writer.writerow([_cell(view.get(col)) for col in COLUMNS])
    return out.getvalue()
