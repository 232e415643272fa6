"""The board's "accepted?" badge for one assignment (ticks in the browser)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.react_files import react_module


class AcceptFlag(rx.Component):
    library = react_module("accept_flag.jsx")
    tag = "AcceptFlag"

    accepted: rx.Var[bool]
    # assigned_at + SETY_ACCEPT_TIMEOUT_S, from the server ("" once accepted).
    due_at: rx.Var[str]


accept_flag = AcceptFlag.create
