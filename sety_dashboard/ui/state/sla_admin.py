"""SLA policies (supervisors and admins): the per-severity deadlines new
incidents get.

The rules (positive, in order, at most 30 days) are `domain/incidents/sla.py`
and are checked there; this state only turns "5 min" into seconds and back.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.incidents import sla
from sety_dashboard.domain.users.permissions import can_manage_sla
from sety_dashboard.ui.state.admin_section import AdminSection
from sety_dashboard.ui.state.auth import AuthState

SEVERITY_ORDER = ("critical", "high", "medium", "low")
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


def _read() -> list[dict[str, str]]:
    with read_session() as session:
        return [_row(sla.policy_view(p)) for p in sla.list_policies(session)]


def _row(view: dict[str, Any]) -> dict[str, str]:
    return {"severity": view["severity"],
            "acknowledge": format_duration(view["acknowledge_s"]),
            "dispatch": format_duration(view["dispatch_s"]),
            "resolve": format_duration(view["resolve_s"]),
            # ISO ("" = the default, never changed): shown in the one clock format.
            "updated": view["updated_at"] or ""}


def _save(session: Any, severity: str, form: dict[str, Any]) -> dict[str, Any]:
    ack, dispatch, resolve = (parse_duration(str(form.get(stage) or ""), stage)
                              for stage in ("acknowledge", "dispatch", "resolve"))
    row = sla.set_policy(session, severity, ack, dispatch, resolve)
    return sla.policy_view(row)


class SlaState(AdminSection, AuthState):
    policies: dict[str, dict[str, str]] = {}
    # Bumped on each save or load, so the inputs remount with the stored values.
    version: int = 0
    error_for: str = ""
    error: str = ""

    @rx.event
    async def load(self):
        self.loaded = False
        if await self.admit(can_manage_sla) is None:
            return self.refused()
        await self._load()
        return None

    async def _read_section(self) -> None:
        await self._reload()

    async def _reload(self) -> None:
        rows = await asyncio.to_thread(_read)
        self.policies = {r["severity"]: r for r in rows}
        self.version += 1

    def _forget(self) -> None:
        self.policies = {}

    @rx.event
    async def save(self, form: dict[str, Any]):
        severity = str(form.get("severity") or "")
        self.error_for, self.error = "", ""
        view = await self.act(can_manage_sla, lambda s, a: _save(s, severity, form))
        if view is None:
            self.error_for, self.error = severity, self.action_error
            return self.refused()
        await self._reload()
        return rx.toast.success(f"{severity.capitalize()} SLA saved; it applies to new incidents.")
