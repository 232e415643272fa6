"""The printable roll call (`/rollcall/<incident_id>`): one emergency's
roll call on paper for the fire marshal, missing people first."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session
from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.access import desk, muster
from sety_dashboard.domain.errors import NotFound
from sety_dashboard.domain.users.permissions import can_take_muster
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.viewmodels.muster_cards import MusterCard, card_from_view


def _read(incident_id: str, user_id: str, role: str | None) -> dict[str, Any] | None:
    with read_session() as session:
        try:
            view = muster.incident_muster(session, incident_id)
        except NotFound:
            return None
        own = desk.desk_site(session, user_id)
        if view["category"] not in muster.MUSTER_CATEGORIES or \
                not desk.may_see_roll_call(role, own, view["site"]):
            return None
        return view


class RollCallPrintState(AuthState):
    card: MusterCard = MusterCard()
    found: bool = False
    tz: str = "UTC"
    # When this sheet was read (shown as "printed …", in the one clock format).
    printed_at: str = ""

    @rx.event
    async def load(self):
        self.found = False
        actor = await self.admit(can_take_muster)
        if actor is None:
            return self.refused()
        self.tz = get_settings().timezone
        incident_id = str(self.router.page.params.get("incident_id", ""))
        view = await asyncio.to_thread(_read, incident_id, actor.id, actor.role)
        if view is None:
            return None
        self.card = card_from_view(view)
        self.printed_at = iso(clock.now())
        self.found = True
        return None
