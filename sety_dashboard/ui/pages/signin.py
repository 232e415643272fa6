"""The sign-in page: the only page a signed-out browser sees."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.auth import SIGN_IN_ROUTE, AuthState


def signin_body() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.hstack(rx.icon("shield-alert", size=28, color="var(--red-9)"),
                              rx.heading("Sety", size="6"), align="center", spacing="2"),
                    rx.text("Safety operations — sign in to continue.", size="2",
                            color_scheme="gray"),
                    rx.cond(AuthState.signin_notice != "",
                            rx.callout(AuthState.signin_notice, icon="info", size="1",
                                       width="100%", id="signin-notice")),
                    rx.text("Email", size="2", weight="medium"),
                    rx.input(name="email", type="email", placeholder="you@example.com",
                             auto_complete="username", required=True, width="100%",
                             id="signin-email", auto_focus=True),
                    rx.text("Password", size="2", weight="medium"),
                    rx.input(name="password", type="password", auto_complete="current-password",
                             required=True, width="100%", id="signin-password"),
                    rx.cond(AuthState.signin_error != "",
                            rx.callout(AuthState.signin_error, icon="triangle-alert",
                                       color_scheme="red", size="1", width="100%",
                                       id="signin-error")),
                    rx.button(rx.cond(AuthState.signin_busy, "Signing in…", "Sign in"),
                              type="submit", width="100%", size="3",
                              loading=AuthState.signin_busy, id="signin-submit"),
                    spacing="3", width="100%",
                ),
                on_submit=AuthState.submit_sign_in,
                reset_on_submit=False,
            ),
            width="360px", size="4",
        ),
        min_height="100vh", background="var(--color-background)",
    )


PAGE = Page(route=SIGN_IN_ROUTE, title="Sign in", body=signin_body, allowed=None,
            on_load=AuthState.load_sign_in)
