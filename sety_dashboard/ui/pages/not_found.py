"""Any address that is no page (`/nope`): the app frame with a way back,
never a bare "404"."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.auth import AuthState


class NotFoundState(AuthState):
    @rx.event
    async def load(self):
        # Any signed-in user gets the frame (and the alert bar, when their
        # role takes incidents); a signed-out browser goes to sign in.
        if await self.admit(None) is None:
            return self.refused()
        return None


def not_found_body() -> rx.Component:
    return rx.center(
        rx.callout(
            rx.vstack(
                rx.text("There is no page at this address.", weight="bold"),
                rx.text("It may have been mistyped, or the link is old."),
                rx.link("Go to your start page", id="back-home",
                        href=rx.cond(AuthState.nav_items.length() > 0,
                                     AuthState.nav_items[0]["href"], "/")),
                spacing="1"),
            icon="map-pin-off", color_scheme="amber", size="2", id="page-not-found"),
        padding="48px",
    )


PAGE = Page(route="404", title="Not found", body=not_found_body,
            allowed=lambda role: role is not None, on_load=NotFoundState.load)
