"""The printable visitor badge (`/badge/<log_id>`): a card sized to print
on a badge label, black on white, with a Print button that is not
printed."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_use_visitor_board
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.badge import BadgeState

B = BadgeState
PRINT_CSS = ("@media print { .no-print { display: none !important; } "
             "body { background: white !important; } }")


def _badge() -> rx.Component:
    return rx.vstack(
        rx.el.style(PRINT_CSS),
        rx.hstack(
            rx.button(rx.icon("printer", size=16), "Print", on_click=rx.call_script(
                "window.print()"), id="badge-print"),
            rx.button("Close", variant="soft", color_scheme="gray", on_click=rx.call_script(
                "window.close()")),
            class_name="no-print", spacing="2",
        ),
        rx.box(
            rx.vstack(
                rx.text("VISITOR", weight="bold", size="3", letter_spacing="0.3em"),
                rx.text(B.name, weight="bold", id="badge-name",
                        style={"font_size": "30px", "line_height": "1.1",
                               "overflow_wrap": "anywhere"}),
                rx.text("Host: ", rx.cond(B.host != "", B.host, "—"), size="3",
                        id="badge-host"),
                rx.text("Site: ", rx.cond(B.site != "", B.site, "—"), size="3",
                        id="badge-site"),
                rx.text("Valid until ", clock_time(B.valid_until, size="3", tz=B.tz), size="3",
                        id="badge-until"),
                rx.hstack(
                    rx.image(src=B.qr, alt="QR code of the access code", width="132px",
                             height="132px", id="badge-qr"),
                    rx.text(rx.cond(B.code != "", B.code, "walk-in"), id="badge-code",
                            style={"font_family": "ui-monospace, monospace",
                                   "font_size": "26px", "font_weight": "700",
                                   "letter_spacing": "0.15em"}),
                    align="center", spacing="4"),
                spacing="2",
            ),
            padding="20px", border="2px solid black", border_radius="12px", width="340px",
            max_width="100%", background="white", color="black", id="badge",
        ),
        spacing="4", padding="24px", align="center", width="100%",
    )


def badge_body() -> rx.Component:
    return rx.cond(
        B.signed_in,
        rx.cond(B.found, _badge(),
                rx.center(rx.callout("No badge for this visit here.", icon="lock",
                                     color_scheme="amber", id="badge-missing"),
                          padding="48px")),
        rx.center(rx.text("Checking your session…"), padding="48px"),
    )


PAGE = Page(route="/badge/[log_id]", title="Visitor badge", body=badge_body,
            allowed=can_use_visitor_board, on_load=BadgeState.load, framed=False)
