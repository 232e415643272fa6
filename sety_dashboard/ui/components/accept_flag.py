"""The board's "accepted?" badge for one assignment (ticks in the browser)."""

from __future__ import annotations

import reflex as rx

_LIB = rx.asset("accept_flag.jsx", shared=True)


class AcceptFlag(rx.Component):
    library = _LIB.importable_path
    tag = "AcceptFlag"

    accepted: rx.Var[bool]
    # assigned_at + SETY_ACCEPT_TIMEOUT_S, from the server ("" once accepted).
    due_at: rx.Var[str]


accept_flag = AcceptFlag.create
