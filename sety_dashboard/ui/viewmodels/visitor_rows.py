"""The visitor board's rows and figures, shaped from the access views (no
Reflex here): who is inside, today's log, live codes, the stat cards.

A push carries these small rows, never whole views with notes and actors'
refs the board does not show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sety_dashboard.domain.access.muster import MUSTER_CATEGORIES

# Live topics (ui/live.py): every access event concerns the visitor boards
# (each keeps what is at its site); SOS and fire incident events concern
# the open-SOS count and the muster panels.
VISITORS_TOPIC = "visitors"
EMERGENCIES_TOPIC = "emergencies"
# How many rows of today's log the board shows (the export has them all).
LOG_LIMIT = 200
# How many live codes the board lists.
CODE_LIMIT = 60
REASON_LABELS = {"ok": "Valid", "not_found": "Not recognised", "not_yet_valid": "Not yet valid",
                 "expired": "Expired", "revoked": "Revoked", "exhausted": "Exhausted"}


@dataclass
class Visit:
    """What every row of a visit shows: who came, to whom, where, how, when."""

    log_id: str = ""
    name: str = ""
    phone: str = ""
    host: str = ""
    purpose: str = ""
    site: str = ""
    method: str = ""
    check_in_at: str = ""
    checked_in_by: str = ""


@dataclass
class InsideRow(Visit):
    expected_out_at: str = ""


@dataclass
class LogRow(Visit):
    status: str = ""
    check_out_at: str = ""
    stay: str = ""


@dataclass
class CodeRow:
    code_id: str = ""
    code: str = ""
    visitor_name: str = ""
    host: str = ""
    purpose: str = ""
    site: str = ""
    valid_from: str = ""
    valid_until: str = ""
    uses: int = 0
    max_uses: int = 1
    status: str = ""
    # The window opens later (the code validates as not_yet_valid until then).
    opens_later: bool = False


@dataclass
class StatCards:
    visits_today: int = 0
    inside_now: int = 0
    average_stay: str = "—"
    median_stay: str = "—"
    peak: int = 0
    peak_at: str = ""
    denied: int = 0
    by_hour: list[dict[str, Any]] = field(default_factory=list)


def access_topics(data: dict[str, Any]) -> list[str]:
    return [VISITORS_TOPIC]


def emergency_topics(data: dict[str, Any]) -> list[str]:
    return [EMERGENCIES_TOPIC] if data.get("category") in MUSTER_CATEGORIES else []


def stay_text(seconds: float | int | None) -> str:
    """A stay as a desk says it: "45 min", "2 h 05 min" ("—" when unknown)."""
    if seconds is None:
        return "—"
    # Half a minute rounds up, as the browser's time-on-site counter does.
    minutes = int(float(seconds) / 60 + 0.5)
    if minutes < 1:
        return "< 1 min"
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _visit(view: dict[str, Any]) -> dict[str, str]:
    return {"log_id": view["log_id"], "name": view.get("visitor_name") or "",
            "phone": view.get("visitor_phone") or "", "host": view.get("host_name") or "",
            "purpose": view.get("purpose") or "", "site": view.get("site") or "",
            "method": view.get("method") or "", "check_in_at": view.get("check_in_at") or "",
            "checked_in_by": view.get("checked_in_by_name") or ""}


def inside_row(view: dict[str, Any]) -> InsideRow:
    return InsideRow(**_visit(view), expected_out_at=view.get("expected_out_at") or "")


def log_row(view: dict[str, Any]) -> LogRow:
    return LogRow(
        **_visit(view), status=view.get("status") or "",
        check_out_at=view.get("check_out_at") or "",
        stay=stay_text(view.get("duration_s")) if view.get("duration_s") is not None else "")


def code_row(view: dict[str, Any], now_iso: str) -> CodeRow:
    valid_from = view.get("valid_from") or ""
    return CodeRow(
        code_id=view["code_id"], code=view.get("code") or "",
        visitor_name=view.get("visitor_name") or "", host=view.get("host_name") or "",
        purpose=view.get("purpose") or "", site=view.get("site") or "",
        valid_from=valid_from, valid_until=view.get("valid_until") or "",
        uses=int(view.get("uses") or 0), max_uses=int(view.get("max_uses") or 1),
        status=view.get("status") or "",
        # ISO-8601 UTC strings of one format compare as times.
        opens_later=bool(valid_from) and valid_from > now_iso)


def stat_cards(stats: dict[str, Any]) -> StatCards:
    return StatCards(
        visits_today=int(stats.get("total_visits") or 0),
        inside_now=int(stats.get("currently_inside") or 0),
        average_stay=stay_text(stats.get("average_duration_s")),
        median_stay=stay_text(stats.get("median_duration_s")),
        peak=int(stats.get("peak_occupancy") or 0), peak_at=stats.get("peak_at") or "",
        denied=int(stats.get("denied_attempts") or 0),
        by_hour=[{"hour": f"{h:02d}", "visits": n}
                 for h, n in enumerate(stats.get("by_hour") or [0] * 24)])


def same_site(row_site: str | None, board_site: str) -> bool:
    """Does a row belong on a board showing `board_site` ("" = every site)?
    Sites compare case-insensitively, as everywhere in access."""
    if not board_site:
        return True
    return (row_site or "").casefold() == board_site.casefold()


def code_fits_site(code_site: str | None, board_site: str) -> bool:
    """A code without a site admits at every site, so every board lists it."""
    return not code_site or same_site(code_site, board_site)


def start_of_day(now: datetime, zone: ZoneInfo) -> datetime:
    """Midnight of today in the desk's time zone, as an aware datetime."""
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time(0), tzinfo=zone)


def local_input_to_utc(value: str, zone: ZoneInfo) -> datetime | None:
    """A `datetime-local` field ("2026-12-01T08:00") read in the desk's zone."""
    value = value.strip()
    if not value:
        return None
    naive = datetime.fromisoformat(value)
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=zone)
