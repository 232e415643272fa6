"""The frame's alert: unacknowledged incidents, on every page of a dispatcher,
supervisor or admin (the banner, the repeating chime, the nav count and the
tab title all read this state).

Fed by the live bridge on whatever page the tab shows: `AuthState.admit`
(which every page's `on_load` calls first) refreshes it and registers it with
`live.watch_app`, which a page's own `watch` keeps. The rows come from the
worker's `BOARD` (board_cache.py), which the bridge already updated, so an
event costs each tab a list comparison, not a query.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from sety_dashboard.core.settings import get_settings
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import AcknowledgeRequest
from sety_dashboard.domain.incidents.read_model import incident_view
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui import live
from sety_dashboard.ui.state import auth
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.viewmodels.board_cache import BOARD

ALERT_TOPIC = "alerts"
live.add_topic_rule("incident.", lambda data: [ALERT_TOPIC])

# What the banner says about one incident (a subset of the board row).
ALERT_FIELDS = ("incident_id", "title", "category", "severity", "is_drill", "subject_name",
                "place", "created_at", "lat", "lng")


def _item(row: dict[str, Any]) -> dict[str, Any]:
    item = {k: row.get(k) for k in ALERT_FIELDS}
    if not item["place"]:
        item["place"] = f"{float(row.get('lat') or 0):.5f}, {float(row.get('lng') or 0):.5f}"
    return item


class AlertState(AuthState):
    """This tab's view of the incidents nobody has acknowledged."""

    # Only what the frame shows travels to the browser (a room with 150
    # unacknowledged incidents must not push 150 rows to every tab):
    # the most urgent one (triage order), and the counts.
    top: dict[str, Any] = {}
    waiting_count: int = 0
    real_waiting: int = 0
    critical_waiting: bool = False
    # Bumped when a new incident arrives: the alert component chimes once
    # at once (drill tone when `latest_drill`), then repeats while real ones wait.
    alert_seq: int = 0
    latest_drill: bool = False
    repeat_critical_s: float = 10.0
    repeat_s: float = 30.0
    busy_id: str = ""
    # This user's role takes incidents (the frame shows the alert bar).
    enabled: bool = False
    # "1" when this browser silenced the alert sound (kept across reloads).
    muted: str = rx.LocalStorage("0", name="sety_muted")

    _ids: list[str] = []

    def _show(self, announce: bool) -> None:
        """Take BOARD's unacknowledged rows; chime for ones not seen before.
        Assigns only what changed (every assigned var is sent)."""
        rows = BOARD.alerts()
        ids = [r["incident_id"] for r in rows]
        if ids == self._ids:
            return
        seen = set(self._ids)
        new = [r for r in rows if r["incident_id"] not in seen]
        self._ids = ids
        top = _item(rows[0]) if rows else {}
        if top != self.top:
            self.top = top
        real = [r for r in rows if not r["is_drill"]]
        counts = (len(rows), len(real), any(r["severity"] == "critical" for r in real))
        if counts != (self.waiting_count, self.real_waiting, self.critical_waiting):
            self.waiting_count, self.real_waiting, self.critical_waiting = counts
        if announce and new:
            self.latest_drill = all(r["is_drill"] for r in new)
            self.alert_seq += 1

    def _clear(self) -> None:
        self._ids = []
        self.top, self.waiting_count, self.real_waiting = {}, 0, 0
        self.critical_waiting = False

    async def start(self, actor: Actor | None) -> None:
        """Called by `admit` on every page load (and so on every reconnect)."""
        if actor is None or not can_dispatch(actor.role):
            if self.waiting_count or self.enabled:
                self._clear()
                self.enabled = False
            return
        if not self.enabled:
            self.enabled = True
        settings = get_settings()
        if (self.repeat_critical_s, self.repeat_s) != (settings.alert_repeat_critical_s,
                                                       settings.alert_repeat_s):
            self.repeat_critical_s = settings.alert_repeat_critical_s
            self.repeat_s = settings.alert_repeat_s
        await BOARD.ensure()
        # A page load (or a reconnect's reload) never chimes: only arrivals do.
        self._show(announce=False)
        live.watch_app(self, ALERT_TOPIC)

    @rx.event
    async def resync(self):
        """After a lost connection: re-read the open incidents (events of the
        outage may never have reached this worker's bus, e.g. written by
        another process), then show what waits — announcing what is new."""
        if not can_dispatch(self.user_role or None):
            return
        await BOARD.refresh()
        self._show(announce=True)

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        if not can_dispatch(self.user_role or None):
            return  # signed out meanwhile: show nothing (the sweep drops the tab)
        if envelope.get("type") == live.RELOAD:
            await BOARD.ensure()
        self._show(announce=envelope.get("type") == "incident.created")

    def _clear_page(self) -> None:
        self._clear()

    @rx.event
    def toggle_mute(self):
        self.muted = "0" if self.muted == "1" else "1"

    @rx.event
    async def acknowledge(self, incident_id: str):
        if self.busy_id:
            return  # one at a time: a second click while pending does nothing
        self.busy_id = incident_id
        yield
        view = await self.act(can_dispatch, lambda s, a: incident_view(
            s, service.acknowledge_incident(s, incident_id=incident_id,
                                            request=AcknowledgeRequest(), actor=a)))
        self.busy_id = ""
        if view is None:
            yield self.refused()
            return
        yield rx.toast.success(f"Acknowledged: {view['title']}")


async def _start_alerts(state: AuthState, actor: Actor | None) -> None:
    alerts = await state.get_state(AlertState)
    await alerts.start(actor)


auth.on_admit(_start_alerts)
