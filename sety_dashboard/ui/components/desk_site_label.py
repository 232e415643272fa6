"""The desk's site in the top bar ("Desk · HQ"), for users whose desk has
chosen one: a front desk always knows which building it is answering for.

Its own small state, read when the bar mounts (every page); the visitor
board updates it when the desk moves.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.access.desk import desk_site
from sety_dashboard.domain.users.permissions import can_use_visitor_board
from sety_dashboard.ui.state.auth import AuthState


def _read(user_id: str) -> str:
    with read_session() as session:
        return desk_site(session, user_id) or ""


class DeskSiteState(AuthState):
    desk_label: str = ""

    @rx.event
    async def read_desk_site(self):
        # The bar mounts once the page's on_load has admitted the user, so
        # who it is is known here without another session lookup.
        site = ""
        if self.user_id and can_use_visitor_board(self.user_role):
            site = await asyncio.to_thread(_read, self.user_id)
        if site != self.desk_label:
            self.desk_label = site


def desk_site_label() -> rx.Component:
    return rx.box(
        rx.cond(
            DeskSiteState.desk_label != "",
            rx.badge(rx.icon("map-pin", size=12), "Desk · ", DeskSiteState.desk_label,
                     variant="surface", color_scheme="blue", size="2", id="desk-site-label",
                     max_width=rx.breakpoints(initial="130px", sm="220px"),
                     style={"overflow": "hidden", "white_space": "nowrap",
                            "text_overflow": "ellipsis"}),
        ),
        on_mount=DeskSiteState.read_desk_site,
    )
