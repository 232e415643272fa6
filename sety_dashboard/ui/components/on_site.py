"""Time on site with the overstay flag: a small React component that counts
in the browser, so a visitor turns into an overstay on every open board at
the right moment without any event from the server (`on_site.jsx`)."""

from __future__ import annotations

import reflex as rx

_LIBRARY = rx.asset("on_site.jsx", shared=True)
# Copied beside it: it imports the one clock formatter and the page's shared timer.
_CLOCK = rx.asset("local_time.jsx", shared=True)
_TICKER = rx.asset("ticker.jsx", shared=True)


class OnSite(rx.Component):
    library = _LIBRARY.importable_path
    tag = "OnSite"

    # ISO times: the check-in, and when the visit becomes an overstay.
    since: rx.Var[str]
    until: rx.Var[str]
    # SETY_TIMEZONE, for "Expected out by …" (the one clock format).
    tz: rx.Var[str]


on_site = OnSite.create
