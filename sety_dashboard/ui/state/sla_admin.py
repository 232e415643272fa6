"""SLA policies (supervisors and admins): the per-severity deadlines new
incidents get.

The rules (positive, in order, at most 30 days) are `domain/incidents/sla.py`
and are checked there; this state only turns "5 min" into seconds and back.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents import sla
from sety_dashboard.domain.users.permissions import can_manage_sla
from sety_dashboard.ui.state.admin_section import AdminSection
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.viewmodels.durations import format_duration, parse_duration

SEVERITY_ORDER = ("critical", "high", "medium", "low")
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
