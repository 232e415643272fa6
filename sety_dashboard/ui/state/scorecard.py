"""The Scorecard tab of a closed incident (`ui/components/scorecard.py`).

The figures come from `domain/incidents/scorecard.py`, the same function as
`GET /v1/incidents/{id}/scorecard`. The tab loads when opened; ending a
drill on the incident page opens it (`show`).
"""

from __future__ import annotations

import asyncio

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.errors import NotFound
from sety_dashboard.domain.incidents.scorecard import scorecard
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.viewmodels.scorecard_rows import Card, card_from


def _read(incident_id: str) -> Card | None:
    with read_session() as session:
        try:
            # Dispatch roles take the muster themselves, so they see it here.
            return card_from(scorecard(session, incident_id, with_muster=True))
        except NotFound:
            return None


class ScorecardState(AuthState):
    tab: str = "details"
    card: Card = Card()
    card_loaded: bool = False

    def _incident_id(self) -> str:
        return str(self.router.page.params.get("incident_id", ""))

    @rx.event
    def reset_tab(self):
        """A newly opened incident page starts on its details."""
        self.tab = "details"
        self.card_loaded = False

    @rx.event
    async def set_tab(self, value: str):
        self.tab = value if value in ("details", "scorecard") else "details"
        if self.tab == "scorecard":
            await self._load()

    @rx.event
    async def show(self):
        """Open the scorecard (after a drill was ended on this page)."""
        self.tab = "scorecard"
        await self._load()

    async def _load(self) -> None:
        actor = await self.current_actor()
        if actor is None or not can_dispatch(actor.role):
            self.card, self.card_loaded = Card(), False
            return
        card = await asyncio.to_thread(_read, self._incident_id())
        self.card = card or Card()
        self.card_loaded = card is not None
