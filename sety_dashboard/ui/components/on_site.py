"""Time on site with the overstay flag: a small React component that counts
in the browser, so a visitor turns into an overstay on every open board at
the right moment without any event from the server (`on_site.jsx`)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.react_files import react_module


class OnSite(rx.Component):
    # It imports the one clock formatter and the page's shared timer.
    library = react_module("on_site.jsx", "local_time.jsx", "ticker.jsx")
    tag = "OnSite"

    # ISO times: the check-in, and when the visit becomes an overstay.
    since: rx.Var[str]
    until: rx.Var[str]
    # SETY_TIMEZONE, for "Expected out by …" (the one clock format).
    tz: rx.Var[str]


on_site = OnSite.create
