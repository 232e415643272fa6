"""The muster panel's state: who is on site during an SOS or fire, and the
roll call ("accounted for"), on the incident page and on the visitor board.

It is a component state (`live.watch_also`), next to the page's own:

- on the incident page (dispatch roles) the panel loads itself when it
  mounts (`load_for_incident`) and shows that incident's muster list when it
  is an SOS or fire;
- on the visitor board the board calls `show_site(site)` after its own load
  and the panel shows the muster list of every open SOS or fire at that
  site. The front desk sees only what a card holds (kind, site, start,
  drill, the people): never the incident's title, subject or timeline.

Every mark is `domain/access/muster.mark_accounted`, which writes the
"… accounted for" entry on the incident's timeline.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.core.localtime import local_zone
from sety_dashboard.domain.access import desk, muster
from sety_dashboard.domain.access.export import roll_call_csv
from sety_dashboard.domain.errors import Forbidden, NotFound
from sety_dashboard.domain.incidents import service as incidents
from sety_dashboard.domain.users.permissions import can_dispatch, can_take_muster
from sety_dashboard.ui import live
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.viewmodels.muster_cards import MusterCard, card_from_view
from sety_dashboard.ui.viewmodels.visitor_rows import (
    EMERGENCIES_TOPIC,
    VISITORS_TOPIC,
    access_topics,
    emergency_topics,
)

live.add_topic_rule("access", access_topics)  # access.* and access_code.*
live.add_topic_rule("incident.", emergency_topics)


def _read_incident(incident_id: str) -> list[dict[str, Any]]:
    with read_session() as session:
        try:
            inc = incidents.get_incident(session, incident_id)
        except NotFound:
            return []
        if inc.category not in muster.MUSTER_CATEGORIES:
            return []
        view = muster.incident_muster(session, incident_id)
        return [view] if muster.worth_showing(view) else []


def _read_site(site: str) -> list[dict[str, Any]]:
    with read_session() as session:
        return muster.desk_musters(session, site or None)


def _read_one(incident_id: str) -> dict[str, Any] | None:
    with read_session() as session:
        try:
            return muster.incident_muster(session, incident_id)
        except NotFound:
            return None


class MusterState(AuthState):
    """The muster cards of one tab (incident page or visitor board)."""

    musters: list[MusterCard] = []
    # "<incident_id>:<log_id>" of the mark being saved.
    busy_key: str = ""
    # Roll calls folded away by this desk (incident ids).
    collapsed: list[str] = []

    # "incident" (the incident page) or "site" (the visitor board).
    _mode: str = ""
    _incident_id: str = ""
    # The board's site ("" = every site).
    _site: str = ""

    def _show(self, views: list[dict[str, Any]]) -> None:
        cards = [card_from_view(v) for v in views]
        if cards != self.musters:
            self.musters = cards

    async def _reload(self) -> None:
        if self._mode == "incident":
            views = await asyncio.to_thread(_read_incident, self._incident_id)
        elif self._mode == "site":
            views = await asyncio.to_thread(_read_site, self._site)
        else:
            views = []
        self._show(views)

    @rx.event
    async def load_for_incident(self):
        """The incident page's panel (on mount, after the page loaded)."""
        actor = await self.current_actor()
        if actor is None or not can_dispatch(actor.role):
            self._mode = ""
            self._show([])
            return
        self._mode = "incident"
        self._incident_id = str(self.router.page.params.get("incident_id", ""))
        live.watch_also(self, f"incident:{self._incident_id}", VISITORS_TOPIC)
        await self._reload()

    async def show_site(self, site: str) -> None:
        """The visitor board's panel; the board has admitted the user."""
        self._mode = "site"
        self._site = site
        live.watch_also(self, EMERGENCIES_TOPIC, VISITORS_TOPIC)
        await self._reload()

    def clear(self) -> None:
        self._mode = ""
        self._show([])

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        kind = str(envelope.get("type", ""))
        data = envelope.get("data") or {}
        if kind == live.RELOAD:
            await self._reload()
        elif kind.startswith("incident."):
            if self._mode == "site" or data.get("incident_id") == self._incident_id:
                await self._reload()
        elif kind in ("access.checked_in", "access.checked_out",
                      "access.checkout_undone") and self.musters:
            # A visitor arriving at (or leaving) a site with an open muster
            # (an incident without a site musters the visitors without one).
            site = (data.get("site") or "").casefold()
            if any(site == c.site.casefold() for c in self.musters):
                await self._reload()

    @rx.event
    async def mark(self, incident_id: str, log_id: str):
        self.busy_key = f"{incident_id}:{log_id}"

        def work(session: Any, actor: Any) -> dict[str, Any]:
            # A front desk takes the roll calls of its own site only.
            inc = incidents.get_incident(session, incident_id)
            if inc.category in muster.MUSTER_CATEGORIES and not desk.may_see_roll_call(
                    actor.role, desk.desk_site(session, actor.id), inc.site):
                raise Forbidden("this roll call belongs to another site's desk")
            return muster.mark_accounted(session, incident_id=incident_id, log_id=log_id,
                                         actor=actor, emergencies_only=True)

        view = await self.act(can_take_muster, work)
        self.busy_key = ""
        if view is None:
            await self._reload()  # show the list as it now is, then why
            return self.refused()
        card = card_from_view(view)
        self.musters = [card if c.incident_id == incident_id else c for c in self.musters]
        name = next((p.name for p in card.people if p.log_id == log_id), "Visitor")
        return rx.toast.success(f"{name} marked safe")

    @rx.event
    def toggle(self, incident_id: str):
        if incident_id in self.collapsed:
            self.collapsed = [i for i in self.collapsed if i != incident_id]
        else:
            self.collapsed = [*self.collapsed, incident_id]

    @rx.event
    async def export_csv(self, incident_id: str):
        """The roll call as shown, as a CSV file for the fire marshal."""
        actor = await self.current_actor()
        if actor is None or not can_take_muster(actor.role) or \
                all(c.incident_id != incident_id for c in self.musters):
            return self.refused()
        view = await asyncio.to_thread(_read_one, incident_id)
        if view is None:
            return None
        body = roll_call_csv(view, local_zone())
        drill = "drill-" if view.get("is_drill") else ""
        place = "".join(ch if ch.isalnum() else "-" for ch in (view.get("site") or "no-site"))
        return rx.download(data=body, mime_type="text/csv",
                           filename=f"roll-call-{drill}{place.lower()}-{incident_id}.csv")
