"""The dispatch board's view of the units: who is assigned where, whether
they accepted, who asked for backup, and where they are (map markers).

A component state next to the board's own (`live.watch_also`): it loads
when its panel mounts (after the board admitted a dispatcher), then follows
incident events (topic `board`) and the roster's bus-only notices
(`responder.updated`, topic `roster`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import reflex as rx
from sqlalchemy import select

from sety_dashboard.core.db import read_session
from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.domain.incidents.read_model import incident_views
from sety_dashboard.domain.responders.models import Responder
from sety_dashboard.domain.responders.service import RESPONDER_NOTICE, responder_view
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui import live
from sety_dashboard.ui.state.auth import AuthState

ROSTER_TOPIC = "roster"
STEP_LABELS = {"assigned": "Assigned", "en_route": "En route", "on_scene": "On scene"}
MARKER_COLOR = "#3e63dd"

live.add_topic_rule(RESPONDER_NOTICE, lambda data: [ROSTER_TOPIC])


@dataclass
class UnitRow:
    assignment_id: str = ""
    incident_id: str = ""
    incident_title: str = ""
    responder_name: str = ""
    status: str = ""
    status_label: str = ""
    accepted: bool = False
    accept_due_at: str = ""
    backup_at: str = ""


def unit_rows(view: dict[str, Any]) -> list[UnitRow]:
    """The active assignments of one incident (none once it is closed)."""
    if view.get("status") not in OPEN:
        return []
    return [UnitRow(
        assignment_id=a["assignment_id"], incident_id=view["incident_id"],
        incident_title=view.get("title") or "",
        responder_name=(a.get("responder") or {}).get("name") or "?",
        status=a.get("status") or "", status_label=STEP_LABELS.get(a.get("status") or "", ""),
        accepted=bool(a.get("accepted_at")), accept_due_at=a.get("accept_due_at") or "",
        backup_at=a.get("backup_requested_at") or "",
    ) for a in view.get("responders") or [] if a.get("status") != "released"]


def marker_for(view: dict[str, Any]) -> dict[str, Any] | None:
    """A map marker for an on-duty unit with a known position; it turns
    stale (drawn hollow) SETY_LOCATION_STALE_S after the position's time."""
    loc = view.get("location")
    if not view.get("on_duty") or not loc or not view.get("location_updated_at"):
        return None
    at = datetime.fromisoformat(view["location_updated_at"].replace("Z", "+00:00"))
    stale = iso(at + timedelta(seconds=get_settings().location_stale_s))
    lng, lat = loc["coordinates"]
    return {"id": "unit-" + view["responder_id"], "lat": lat, "lng": lng, "color": MARKER_COLOR,
            "radius": 6, "kind": "unit", "stale_after": stale,
            "label": f"{view.get('name')} (unit)"}


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
