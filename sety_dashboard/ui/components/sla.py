"""The SLA countdown: a small React component that ticks in the browser.

The server sends only the stage's deadline and start (ISO times); the
browser counts down every second — amber under 25 % of the stage's time
left, red once it passed — without any event to the server.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.react_files import react_module
from sety_dashboard.ui.state.auth import AuthState


class SlaCountdown(rx.Component):
    # It imports the one clock formatter and the page's shared timer.
    library = react_module("sla_countdown.jsx", "local_time.jsx", "ticker.jsx")
    tag = "SlaCountdown"

    # ISO time the current stage is due, and when its clock started.
    due: rx.Var[str]
    start: rx.Var[str]
    # "acknowledge", "dispatch" or "resolve" ("" when closed).
    stage: rx.Var[str]
    # SETY_TIMEZONE, for the due time in the tooltip (the one clock format).
    tz: rx.Var[str]


def sla_countdown(due: rx.Var[str] | str, start: rx.Var[str] | str, stage: rx.Var[str] | str,
                  breached: rx.Var[bool] | bool = False) -> rx.Component:
    """The countdown, plus a BREACHED mark when an earlier stage was late."""
    return rx.hstack(
        SlaCountdown.create(due=due, start=start, stage=stage, tz=AuthState.timezone),
        rx.cond(breached, rx.tooltip(rx.icon("flame", size=14, color="var(--red-9)"),
                                     content="An SLA stage of this incident was breached")),
        align="center", spacing="1",
    )
