"""The drills page's record (`/drills`): the last drills at each site with
their scorecards side by side, printable and exportable as CSV.

Figures from `domain/incidents/drill_history.py`; the page follows incident
events live (recomputing at most every few seconds).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents.drill_history import drills_csv, recent_drills
from sety_dashboard.domain.incidents.drill_schedule import (
    cancel_scheduled,
    scheduled_view,
    upcoming,
)
from sety_dashboard.domain.users.permissions import can_start_drills
from sety_dashboard.ui import live
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.viewmodels.scorecard_rows import PlannedRow, SiteDrills, site_groups

BOARD_TOPIC = "board"  # every incident event reaches this topic
RECOMPUTE_EVERY_S = 3.0


def _read() -> list[dict[str, Any]]:
    with read_session() as session:
        return recent_drills(session)


def _read_planned() -> list[PlannedRow]:
    with read_session() as session:
        views = [scheduled_view(r) for r in upcoming(session)]
    return [PlannedRow(drill_id=v["drill_id"], title=v["title"], template=v["template_label"],
                       starts=v["starts_at"],  # ISO; the page shows it in local time
                       planned_by=v["created_by_name"]) for v in views]


class DrillRecordState(AuthState):
    record_loaded: bool = False
    sites: list[SiteDrills] = []
    planned: list[PlannedRow] = []
    _computed_at: float = 0.0

    @rx.event
    async def load(self):
        self.record_loaded = False
        if await self.admit(can_start_drills) is None:
            live.unwatch(self)
            return self.refused()
        await self.load_record()
        live.watch(self, BOARD_TOPIC)
        return None

    async def load_record(self) -> None:
        self.sites = site_groups(await asyncio.to_thread(_read))
        self.planned = await asyncio.to_thread(_read_planned)
        self._computed_at = time.monotonic()
        self.record_loaded = True

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        if str(envelope.get("type", "")).startswith("incident.") or envelope.get(
                "type") == live.RELOAD:
            if time.monotonic() - self._computed_at >= RECOMPUTE_EVERY_S:
                await self.load_record()

    @rx.event
    async def refresh_planned(self):
        """After a drill was planned in this tab."""
        if self.record_loaded:
            self.planned = await asyncio.to_thread(_read_planned)

    @rx.event
    async def cancel_planned(self, drill_id: str):
        done = await self.act(can_start_drills, lambda s, a: cancel_scheduled(
            s, drill_id=drill_id).title)
        self.planned = await asyncio.to_thread(_read_planned)
        if done is None:
            return self.refused()
        return rx.toast.success(f"Planned drill called off: {done}")

    @rx.event
    async def export_csv(self):
        if await self.admit(can_start_drills) is None:
            return self.refused()
        text = drills_csv(await asyncio.to_thread(_read))
        return rx.download(data=text, filename="sety-drills.csv")

    @rx.event
    def print_page(self):
        return rx.call_script("window.print()")


# Incident events reach this page's topic whichever page module loads first.
live.add_topic_rule("incident.", lambda data: [BOARD_TOPIC])
