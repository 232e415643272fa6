"""The frame's alert: unacknowledged incidents, on every page of a dispatcher,
supervisor or admin (the banner, the repeating chime, the nav count and the
tab title all read this state).

Fed by the live bridge on whatever page the tab shows: `AuthState.admit`
(which every page's `on_load` calls first) refreshes it and registers it with
`live.watch_app`, which a page's own `watch` keeps. What it shows is
computed from the worker's `BOARD` (board_cache.py), which the bridge already
updated, and is the same for every tab that shows the bar: the bridge sends
it once per event to all of them (`live.share_view`), entering no tab's state.
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


ALERT_VIEW = "alerts"
SHARED_VARS = ("top", "waiting_count", "real_waiting", "critical_waiting", "alert_seq",
               "latest_drill")


def alert_view() -> dict[str, Any]:
    """What the alert bar shows now, for every tab that shows it (the one
    rule for the computed vars and for the bridge's shared push)."""
    rows = BOARD.alerts()
    real = [r for r in rows if not r["is_drill"]]
    seq, drill = BOARD.announced
    return {"top": _item(rows[0]) if rows else {}, "waiting_count": len(rows),
            "real_waiting": len(real),
            "critical_waiting": any(r["severity"] == "critical" for r in real),
            # The component chimes when this grows (drill tone when `latest_drill`).
            "alert_seq": seq, "latest_drill": drill}


_NO_ALERTS = {"top": {}, "waiting_count": 0, "real_waiting": 0, "critical_waiting": False,
              "alert_seq": 0, "latest_drill": False}


class AlertState(AuthState):
    """This tab's view of the incidents nobody has acknowledged."""

    # Only what the frame shows travels to the browser (a room with 150
    # unacknowledged incidents must not push 150 rows to every tab):
    # the most urgent one (triage order), and the counts — computed from
    # BOARD (`alert_view`) whenever the tab's state is sent, never stored.
    repeat_critical_s: float = 10.0
    repeat_s: float = 30.0
    busy_id: str = ""
    # This user's role takes incidents (the frame shows the alert bar).
    enabled: bool = False
    # "1" when this browser silenced the alert sound (kept across reloads).
    muted: str = rx.LocalStorage("0", name="sety_muted")

    def _view(self) -> dict[str, Any]:
        return alert_view() if self.enabled else _NO_ALERTS

    @rx.var(cache=False)
    def top(self) -> dict[str, Any]:
        return self._view()["top"]

    @rx.var(cache=False)
    def waiting_count(self) -> int:
        return self._view()["waiting_count"]

    @rx.var(cache=False)
    def real_waiting(self) -> int:
        return self._view()["real_waiting"]

    @rx.var(cache=False)
    def critical_waiting(self) -> bool:
        return self._view()["critical_waiting"]

    @rx.var(cache=False)
    def alert_seq(self) -> int:
        return self._view()["alert_seq"]

    @rx.var(cache=False)
    def latest_drill(self) -> bool:
        return self._view()["latest_drill"]

    async def start(self, actor: Actor | None) -> None:
        """Called by `admit` on every page load (and so on every reconnect)."""
        if actor is None or not can_dispatch(actor.role):
            if self.enabled:
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
        live.watch_app(self, ALERT_TOPIC, view=ALERT_VIEW)
        live.resend(self, *SHARED_VARS)

    @rx.event
    async def resync(self):
        """After a lost connection: re-read the open incidents (events of the
        outage may never have reached this worker's bus, e.g. written by
        another process), then show what waits — a waiting incident the read
        found is announced (BOARD.merge)."""
        if not can_dispatch(self.user_role or None):
            return
        await BOARD.refresh()
        live.resend(self, *SHARED_VARS)

    def _clear_page(self) -> None:
        self.enabled = False

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


live.share_view(AlertState, lambda view: alert_view(), lambda: BOARD.version)
