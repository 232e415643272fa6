"""The frame every signed-in page sits in: top bar, navigation by role,
live indicator, theme toggle, user menu, and the page guard's three faces
(loading, not allowed, the page itself).

Pages do not call this directly: `ui/page.py::Page` wraps their body in
`layout(...)` when they are registered.
"""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from sety_dashboard.ui.components.desk_site_label import desk_site_label
from sety_dashboard.ui.state.auth import AuthState

BAR_HEIGHT = "48px"
# Shown from tablet width up: a 390 px phone keeps the bar to one line
# (the theme is also in the user menu).
_WIDE_ONLY = rx.breakpoints(initial="none", sm="flex")


def live_indicator() -> rx.Component:
    """Always visible: is this tab connected to the server (and so live)?"""
    connected = rx.State.is_hydrated & ~has_connection_errors
    return rx.tooltip(
        rx.hstack(
            rx.box(width="8px", height="8px", border_radius="50%",
                   background=rx.cond(connected, "var(--green-9)", "var(--red-9)"),
                   class_name=rx.cond(connected, "sety-pulse", "")),
            rx.text(rx.cond(connected, "LIVE", "RECONNECTING…"), size="1", weight="bold",
                    color=rx.cond(connected, "var(--green-11)", "var(--red-11)")),
            align="center", spacing="1", id="live-indicator",
            data_live=rx.cond(connected, "yes", "no"),
        ),
        content=rx.cond(connected, "Connected: changes appear as they happen",
                        "Connection lost: reconnecting; the page reloads its data when back"),
    )


def _nav() -> rx.Component:
    return rx.hstack(
        rx.foreach(
            AuthState.nav_items,
            lambda item: rx.link(
                rx.hstack(rx.text(item["label"], size="2", weight="medium"),
                          align="center", spacing="1"),
                href=item["href"], underline="none", color_scheme="gray",
                high_contrast=True, padding_x="10px", padding_y="4px",
                border_radius="var(--radius-2)",
                class_name="sety-nav-link",
            ),
        ),
        spacing="1", align="center",
    )


def _user_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("circle-user", size=16),
                rx.text(AuthState.user_name, size="2", display=_WIDE_ONLY),
                rx.badge(AuthState.role_label, variant="soft", color_scheme="gray", size="1",
                         display=_WIDE_ONLY),
                variant="ghost", color_scheme="gray", size="2", id="user-menu",
            ),
        ),
        rx.menu.content(
            rx.menu.item(rx.icon("sun-moon", size=14), "Light / dark theme",
                         on_click=rx.toggle_color_mode),
            rx.menu.separator(),
            rx.menu.item(rx.icon("log-out", size=14), "Sign out", color_scheme="red",
                         on_click=AuthState.sign_out, id="sign-out"),
        ),
    )


def top_bar() -> rx.Component:
    return rx.hstack(
        rx.hstack(
            rx.icon("shield-alert", size=20, color="var(--red-9)"),
            rx.text("Sety", weight="bold", size="4", letter_spacing="0.04em",
                    display=_WIDE_ONLY),
            align="center", spacing="2",
        ),
        _nav(),
        rx.spacer(),
        desk_site_label(),
        live_indicator(),
        rx.icon_button(rx.color_mode_cond(rx.icon("sun", size=16), rx.icon("moon", size=16)),
                       on_click=rx.toggle_color_mode, variant="ghost", color_scheme="gray",
                       size="2", title="Switch light / dark theme", id="theme-toggle",
                       display=_WIDE_ONLY),
        _user_menu(),
        height=BAR_HEIGHT, padding_x=rx.breakpoints(initial="8px", sm="16px"), align="center",
        spacing=rx.breakpoints(initial="2", sm="4"), width="100%",
        border_bottom="1px solid var(--gray-a5)", background="var(--color-panel-solid)",
        position="sticky", top="0", z_index="10",
    )


def loading_panel(label: str = "Loading…") -> rx.Component:
    """A calm placeholder of roughly the page's shape, never a blank panel."""
    return rx.vstack(
        rx.skeleton(rx.box(height="28px", width="40%")),
        rx.skeleton(rx.box(height="120px", width="100%")),
        rx.skeleton(rx.box(height="120px", width="100%")),
        rx.text(label, size="1", color_scheme="gray"),
        spacing="3", padding="24px", width="100%",
    )


def not_allowed_panel() -> rx.Component:
    return rx.center(
        rx.callout(
            rx.vstack(
                rx.text("You do not have access to this page.", weight="bold"),
                rx.text("Your role (", AuthState.role_label,
                        ") cannot open it. Ask an administrator if you need it."),
                rx.cond(AuthState.nav_items.length() > 0,
                        rx.link("Go to your start page", href=AuthState.nav_items[0]["href"])),
                spacing="1",
            ),
            icon="lock", color_scheme="amber", size="2", id="access-denied",
        ),
        padding="48px",
    )


def session_ended_panel() -> rx.Component:
    return rx.center(
        rx.callout(
            rx.vstack(
                rx.text("Your session has ended.", weight="bold"),
                rx.text("You were signed out (here, in another tab, or because the session "
                        "expired). Sign in again to see incidents."),
                rx.link("Sign in", href="/signin"),
                spacing="1"),
            icon="log-out", color_scheme="amber", size="2", id="session-ended"),
        padding="48px", min_height="60vh",
    )


def layout(body: rx.Component) -> rx.Component:
    """The signed-in frame around a page body.

    Until the server has admitted this browser (on_load), only a loading
    panel shows, so a signed-out browser never sees more than that before
    being sent to the sign-in page.
    """
    return rx.box(
        rx.cond(
            AuthState.signed_in,
            rx.fragment(
                top_bar(),
                rx.box(
                    rx.cond(AuthState.access_denied, not_allowed_panel(), body),
                    width="100%",
                ),
            ),
            rx.cond(AuthState.session_ended, session_ended_panel(),
                    loading_panel("Checking your session…")),
        ),
        min_height="100vh", width="100%", background="var(--color-background)",
    )

