"""The entrance kiosk (`/kiosk`): full screen on a tablet, signed in as the
desk. A large keypad for the access code, a welcome with the host's name,
a refusal in words, back to the keypad after a few seconds. No top bar and
no links: leaving needs the desk's password.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_use_visitor_board
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.kiosk import KioskState

K = KioskState
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9")


def _key(label: str) -> rx.Component:
    return rx.button(label, on_click=K.press(label), size="4", variant="surface",
                     color_scheme="gray", high_contrast=True, height="clamp(56px, 10vh, 88px)", width="100%",
                     style={"font_size": "clamp(24px, 4vh, 36px)", "font_weight": "700"},
                     class_name="kiosk-key", data_key=label)


def _keypad() -> rx.Component:
    return rx.vstack(
        rx.heading("Welcome", size="8", text_align="center", width="100%"),
        rx.text("Type the access code you were sent", size="5", color_scheme="gray",
                text_align="center", width="100%"),
        rx.input(value=K.entered, on_change=K.set_entered, id="kiosk-code",
                 placeholder="······", auto_complete="off", max_length=12, size="3",
                 width="100%", text_align="center",
                 style={"font_size": "clamp(32px, 6vh, 56px)", "height": "auto",
                        "font_family": "ui-monospace, monospace", "letter_spacing": "0.2em",
                        "text_align": "center", "padding": "8px"}),
        rx.grid(
            *[_key(k) for k in KEYS],
            rx.button(rx.icon("delete", size=28), on_click=K.back_space, size="4",
                      variant="soft", color_scheme="gray", height="clamp(56px, 10vh, 88px)",
                      width="100%", aria_label="Delete", id="kiosk-delete"),
            _key("0"),
            rx.button("OK", on_click=K.submit, size="4", color_scheme="green",
                      height="clamp(56px, 10vh, 88px)", width="100%", loading=K.busy,
                      style={"font_size": "clamp(22px, 3.5vh, 32px)", "font_weight": "700"},
                      id="kiosk-submit"),
            columns="3", spacing="3", width="100%",
        ),
        spacing="4", width="100%", max_width="480px", id="kiosk-keypad",
    )


def _done_button(label: str) -> rx.Component:
    return rx.button(label, on_click=K.keypad_again(K.turn), size="4", variant="soft",
                     id="kiosk-done", data_turn=K.turn.to_string(), min_width="200px")


def _welcome() -> rx.Component:
    return rx.vstack(
        rx.icon("circle-check", size=96, color="var(--green-9)"),
        rx.heading("Welcome, ", K.visitor_name, size="8", text_align="center",
                   id="kiosk-welcome", style={"overflow_wrap": "anywhere"}),
        rx.cond(K.host_name != "",
                rx.text("You are visiting ", rx.text(K.host_name, as_="span", weight="bold"),
                        ". Please take a seat; the desk will let them know.", size="5",
                        text_align="center", id="kiosk-host"),
                rx.text("Please take a seat; the desk will be with you shortly.", size="5",
                        text_align="center")),
        rx.hstack(
            rx.link(rx.button(rx.icon("printer", size=20), "Print my badge", size="4",
                              as_="span"),
                    href="/badge/" + K.log_id, is_external=True, id="kiosk-badge"),
            _done_button("Done"),
            spacing="3", wrap="wrap", justify="center",
        ),
        rx.text("Back to the keypad in a few seconds.", size="2", color_scheme="gray"),
        spacing="5", align="center", width="100%", max_width="640px",
    )


def _refused() -> rx.Component:
    return rx.vstack(
        rx.icon("circle-x", size=96, color="var(--red-9)"),
        rx.heading(K.refusal, size="8", text_align="center", id="kiosk-refusal",
                   data_reason=K.refusal_reason),
        rx.text("Please ask at the front desk.", size="5", text_align="center"),
        _done_button("Try again"),
        rx.text("Back to the keypad in a few seconds.", size="2", color_scheme="gray"),
        spacing="5", align="center", width="100%", max_width="640px",
    )


def _exit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Leave the kiosk"),
            rx.dialog.description("The desk's password is needed to leave this screen.",
                                  size="2"),
            rx.form(
                rx.vstack(
                    rx.input(name="password", type="password", id="kiosk-exit-password",
                             placeholder="Desk password", width="100%", size="3",
                             auto_focus=True),
                    rx.cond(K.exit_error != "", rx.text(K.exit_error, color_scheme="red",
                                                        size="2", id="kiosk-exit-error")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Stay", variant="soft", color_scheme="gray",
                                                  type="button")),
                        rx.button("Leave", type="submit", id="kiosk-exit-submit"),
                        justify="end", spacing="2", width="100%"),
                    spacing="3", width="100%"),
                on_submit=K.exit_kiosk, reset_on_submit=True,
            ),
            max_width="420px",
        ),
        open=K.exit_open, on_open_change=K.close_exit,
    )


def _screen() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.hstack(rx.icon("map-pin", size=18), rx.text(K.site, weight="bold", size="4",
                                                           id="kiosk-site"),
                      align="center", spacing="1", min_width="0"),
            rx.spacer(),
            rx.icon_button(rx.icon("maximize", size=18), variant="ghost", color_scheme="gray",
                           on_click=rx.call_script(
                               "document.documentElement.requestFullscreen?.()"),
                           title="Full screen", aria_label="Full screen"),
            rx.icon_button(rx.icon("lock", size=18), variant="ghost", color_scheme="gray",
                           on_click=K.ask_exit, title="Leave the kiosk (desk password)",
                           aria_label="Leave the kiosk", id="kiosk-exit"),
            width="100%", align="center", padding="12px 16px",
        ),
        rx.center(
            rx.match(K.screen, ("welcome", _welcome()), ("refused", _refused()), _keypad()),
            padding="8px 20px 24px", width="100%",
        ),
        _exit_dialog(),
        min_height="100vh", width="100%", background="var(--color-background)",
        id="kiosk",
    )


def kiosk_body() -> rx.Component:
    return rx.cond(
        K.ready,
        rx.cond(K.site != "", _screen(),
                rx.center(rx.callout(
                    "This desk has no site yet: choose it on the visitor board first.",
                    icon="map-pin", color_scheme="amber", id="kiosk-no-site"),
                    padding="48px")),
        rx.cond(K.access_denied,
                rx.center(rx.callout("The kiosk is for the front desk.", icon="lock",
                                     color_scheme="amber", id="access-denied"), padding="48px"),
                rx.center(rx.text("Starting the kiosk…", size="3"), padding="48px")),
    )


PAGE = Page(route="/kiosk", title="Kiosk", body=kiosk_body, allowed=can_use_visitor_board,
            on_load=KioskState.load, framed=False)
