"""The dispatch board's view of the units: who is assigned where, whether
they accepted, who asked for backup, and where they are (map markers).

A component state next to the board's own (`live.watch_also`): it loads
when its panel mounts (after the board admitted a dispatcher), then follows
incident events (topic `board`) and the roster's bus-only notices
(`responder.updated`, topic `roster`).
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from sqlalchemy import select

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.domain.incidents.read_model import incident_views
from sety_dashboard.domain.responders.models import Responder
from sety_dashboard.domain.responders.service import RESPONDER_NOTICE, responder_view
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui import live
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.viewmodels.unit_rows import UnitRow, marker_for, unit_rows

ROSTER_TOPIC = "roster"

live.add_topic_rule(RESPONDER_NOTICE, lambda data: [ROSTER_TOPIC])


def _read() -> tuple[list[UnitRow], list[dict[str, Any]]]:
    with read_session() as session:
        incidents = session.execute(
            select(Incident).where(Incident.status.in_(OPEN))
            .order_by(Incident.created_at.desc()).limit(300)).scalars().all()
        rows = [r for v in incident_views(session, incidents) for r in unit_rows(v)]
        markers = [m for r in session.execute(
            select(Responder).where(Responder.on_duty.is_(True), Responder.lng.is_not(None))
        ).scalars() if (m := marker_for(responder_view(r)))]
    return rows, markers


class UnitBoardState(AuthState):
    units: list[UnitRow] = []
    unit_markers: list[dict[str, Any]] = []
    # Backup calls not dismissed on this screen ("<assignment>@<time>").
    backup_alerts: list[UnitRow] = []
    backup_seq: int = 0
    _dismissed: list[str] = []

    @rx.event
    async def load(self):
        actor = await self.current_actor()
        if actor is None or not can_dispatch(actor.role):
            self.units, self.unit_markers, self.backup_alerts = [], [], []
            return
        rows, markers = await asyncio.to_thread(_read)
        self.units = rows
        self.unit_markers = markers
        self._refresh_alerts()
        live.watch_also(self, "board", ROSTER_TOPIC)

    def _clear_page(self) -> None:
        self.units, self.unit_markers, self.backup_alerts = [], [], []

    def _refresh_alerts(self) -> bool:
        """Show every open backup call not dismissed here; True when one is new."""
        alerts = [u for u in self.units
                  if u.backup_at and f"{u.assignment_id}@{u.backup_at}" not in self._dismissed]
        shown = {f"{u.assignment_id}@{u.backup_at}" for u in self.backup_alerts}
        new = any(f"{u.assignment_id}@{u.backup_at}" not in shown for u in alerts)
        if new or len(alerts) != len(self.backup_alerts):
            self.backup_alerts = alerts
        return new

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        kind = str(envelope.get("type", ""))
        data = envelope.get("data") or {}
        if kind == live.RELOAD:
            self.units, self.unit_markers = await asyncio.to_thread(_read)
            self._refresh_alerts()
        elif kind == RESPONDER_NOTICE:
            key = "unit-" + str(data.get("responder_id"))
            markers = [m for m in self.unit_markers if m["id"] != key]
            if (m := marker_for(data)) is not None:
                markers.append(m)
            self.unit_markers = markers
        elif kind.startswith("incident.") and data.get("incident_id"):
            self.units = [u for u in self.units if u.incident_id != data["incident_id"]] + \
                unit_rows(data)
            if self._refresh_alerts():
                self.backup_seq += 1

    @rx.event
    def dismiss_backup(self, key: str):
        self._dismissed = self._dismissed + [key]
        self._refresh_alerts()
