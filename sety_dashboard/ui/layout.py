"""The frame every signed-in page sits in: top bar, navigation by role,
connection indicator (heartbeat), theme toggle, user menu, the alert bar of
unacknowledged incidents (dispatcher, supervisor, admin: on every page), and
the page guard's three faces (loading, not allowed, the page itself).

Pages do not call this directly: `ui/page.py::Page` wraps their body in
`layout(...)` when they are registered.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from sety_dashboard.ui.components.alerts import (
    ALERT_SOUND_URL,
    DRILL_SOUND_URL,
    alert_bell,
    connection_status,
)
from sety_dashboard.ui.components.badges import CATEGORY_LABELS
from sety_dashboard.ui.components.desk_site_label import desk_site_label
from sety_dashboard.ui.components.times import time_and_age
from sety_dashboard.ui.state.alerts import AlertState
from sety_dashboard.ui.state.auth import AuthState

BAR_HEIGHT = "48px"
ALERT_BAR_HEIGHT = "44px"
A = AlertState
# Shown from tablet width up: a 390 px phone keeps the bar to one line
# (the theme is also in the user menu).
_WIDE_ONLY = rx.breakpoints(initial="none", sm="flex")


def live_indicator(on_reconnect: Any = None) -> rx.Component:
    """Always visible: is this tab connected to the server (and so live)?

    A heartbeat in the browser (connection.jsx) says "Connection lost —
    reconnecting" within 3 s of silence and, when the server answers again,
    runs `on_reconnect` (the page's own on_load: it re-reads everything)."""
    extra = on_reconnect if isinstance(on_reconnect, (list, tuple)) else (
        [on_reconnect] if on_reconnect is not None else [])
    handlers = [A.resync, *extra]
    return connection_status(socket_ok=~has_connection_errors, id="live-indicator",
                             on_reconnect=handlers)


def _banner_text() -> rx.Var:
    top = A.top
    category = rx.match(top["category"].to(str), *CATEGORY_LABELS.items(),
                        top["category"].to(str))
    return category.to(str) + " · " + top["subject_name"].to(str) + " · " + top["place"].to(str)


def alert_bar() -> rx.Component:
    """The most urgent unacknowledged incident, on every page; always the same
    height (an idle line when none waits), so nothing below it moves."""
    top = A.top
    incident_id = top["incident_id"].to(str)
    drill = top["is_drill"].to(bool)
    return rx.box(
        rx.cond(
            A.waiting_count > 0,
            rx.hstack(
                rx.icon("siren", size=18, class_name=rx.cond(drill, "", "sety-pulse")),
                rx.cond(drill,
                        rx.badge("DRILL", color_scheme="violet", variant="solid", size="2",
                                 id="alert-drill"),
                        rx.text("NEW", weight="bold", size="2")),
                rx.text(_banner_text(), size="2", weight="medium", truncate=True,
                        id="alert-text"),
                time_and_age(top["created_at"].to(str), size="2"),
                rx.cond(A.waiting_count > 1,
                        rx.link("+", (A.waiting_count - 1).to(str), " more waiting", href="/",
                                size="2", weight="bold", white_space="nowrap",
                                id="alert-more")),
                rx.spacer(),
                rx.button(rx.cond(A.muted == "1", rx.icon("volume-x", size=14),
                                  rx.icon("volume-2", size=14)),
                          size="1", variant="ghost", color_scheme="gray",
                          on_click=A.toggle_mute, id="alert-mute",
                          title=rx.cond(A.muted == "1", "Alert sound is off (click to turn on)",
                                        "Alert sound is on (click to turn off)")),
                rx.link(rx.button("Open", size="2", variant="soft", color_scheme="gray",
                                  id="alert-open"), href="/incidents/" + incident_id),
                rx.button("Acknowledge", size="2", color_scheme=rx.cond(drill, "violet", "red"),
                          on_click=A.acknowledge(incident_id), loading=A.busy_id != "",
                          id="alert-ack"),
                align="center", spacing="3", width="100%", height="100%", padding_x="12px",
                background=rx.cond(drill, "var(--violet-a4)", "var(--red-a4)"),
                color=rx.cond(drill, "var(--violet-11)", "var(--red-11)"),
                border=rx.cond(drill, "1px solid var(--violet-a7)", "1px solid var(--red-a7)"),
                border_radius="var(--radius-3)", id="alert-banner",
                data_drill=rx.cond(drill, "yes", "no"),
            ),
            rx.hstack(
                rx.icon("radio", size=16, color="var(--gray-9)"),
                rx.text("No incident is waiting for acknowledgement. New ones are announced "
                        "here on every page.", size="2", color_scheme="gray"),
                align="center", spacing="2", width="100%", height="100%", padding_x="12px",
                border="1px dashed var(--gray-a6)", border_radius="var(--radius-3)",
                id="alert-idle",
            ),
        ),
        alert_bell(seq=A.alert_seq, drill=A.latest_drill, real_waiting=A.real_waiting,
                   critical=A.critical_waiting, repeat_critical_s=A.repeat_critical_s,
                   repeat_s=A.repeat_s, muted=A.muted == "1", count=A.waiting_count,
                   src=ALERT_SOUND_URL, drill_src=DRILL_SOUND_URL,
                   notify_text=_banner_text(), id="alert-sound"),
        height=ALERT_BAR_HEIGHT, width="100%", padding_x="16px", margin_top="8px",
    )


def _nav() -> rx.Component:
    return rx.hstack(
        rx.foreach(
            AuthState.nav_items,
            lambda item: rx.link(
                rx.hstack(rx.text(item["label"], size="2", weight="medium"),
                          # How many incidents wait for acknowledgement, on the board's link.
                          rx.cond((item["href"] == "/") & (A.waiting_count > 0),
                                  rx.badge(A.waiting_count, color_scheme="red", variant="solid",
                                           size="1", radius="full", id="nav-waiting",
                                           title="Incidents waiting for acknowledgement")),
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


def top_bar(on_reconnect: Any = None) -> rx.Component:
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
        live_indicator(on_reconnect),
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


def _notice_panel(title: str, text: rx.Component, link: rx.Component, icon: str, id_: str,
                  **center: Any) -> rx.Component:
    """Why the page shows nothing (no access, session over), and where to go."""
    return rx.center(
        rx.callout(
            rx.vstack(rx.text(title, weight="bold"), text, link, spacing="1"),
            icon=icon, color_scheme="amber", size="2", id=id_),
        padding="48px", **center,
    )


def not_allowed_panel() -> rx.Component:
    return _notice_panel(
        "You do not have access to this page.",
        rx.text("Your role (", AuthState.role_label,
                ") cannot open it. Ask an administrator if you need it."),
        rx.cond(AuthState.nav_items.length() > 0,
                rx.link("Go to your start page", href=AuthState.nav_items[0]["href"])),
        "lock", "access-denied")


def session_ended_panel() -> rx.Component:
    return _notice_panel(
        "Your session has ended.",
        rx.text("You were signed out (here, in another tab, or because the session "
                "expired). Sign in again to see incidents."),
        rx.link("Sign in", href="/signin"),
        "log-out", "session-ended", min_height="60vh")


def layout(body: rx.Component, on_reconnect: Any = None) -> rx.Component:
    """The signed-in frame around a page body.

    Until the server has admitted this browser (on_load), only a loading
    panel shows, so a signed-out browser never sees more than that before
    being sent to the sign-in page. Everything under the top bar sits in
    `#sety-main`, which the heartbeat dims and makes inert while the
    connection is lost.
    """
    return rx.box(
        rx.cond(
            AuthState.signed_in,
            rx.fragment(
                top_bar(on_reconnect),
                rx.box(
                    rx.cond(A.enabled, alert_bar()),
                    rx.cond(AuthState.access_denied, not_allowed_panel(), body),
                    width="100%", id="sety-main",
                ),
            ),
            rx.cond(AuthState.session_ended, session_ended_panel(),
                    loading_panel("Checking your session…")),
        ),
        min_height="100vh", width="100%", background="var(--color-background)",
    )

