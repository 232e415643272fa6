"""Times on screen, one way everywhere: clock times in the site's time zone
(SETY_TIMEZONE) with the zone named — `20:24:05 WAT` today, `3 Dec 20:24 WAT`
otherwise (local_time.jsx) — and relative ages that refresh themselves in
the browser, shown beside them."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.react_files import react_module
from sety_dashboard.ui.state.auth import AuthState


class LocalTime(rx.Component):
    library = react_module("local_time.jsx")
    tag = "LocalTime"
    # moment-timezone is already pinned for Reflex's Moment (reflex.lock).
    lib_dependencies: list[str] = ["moment-timezone@0.6.5"]

    ts: rx.Var[str]
    tz: rx.Var[str]


def clock_time(ts: rx.Var[str] | str, size: str = "1", tz: rx.Var[str] | None = None,
               **props) -> rx.Component:
    """e.g. `14:05:09 WAT` today, `3 Dec 14:05 WAT` another day ("—" for "").

    `tz` is SETY_TIMEZONE as a page's own state holds it, for pages that do
    not sign in through AuthState (the badge, the visitor board's state)."""
    return rx.text(LocalTime.create(ts=ts, tz=AuthState.timezone if tz is None else tz),
                   size=size, as_="span", **props)


def age(ts: rx.Var[str] | str, size: str = "1", **props) -> rx.Component:
    """e.g. "4 minutes ago", refreshed every 15 s by the browser."""
    props.setdefault("white_space", "nowrap")
    return rx.text(rx.moment(ts, from_now=True, interval=15_000), size=size, as_="span", **props)


def time_and_age(ts: rx.Var[str] | str, size: str = "1", **props) -> rx.Component:
    """The clock time with its age beside it: `20:24:05 WAT · 3 minutes ago`."""
    return rx.hstack(clock_time(ts, size=size), rx.text("·", size=size, color_scheme="gray"),
                     age(ts, size=size, color_scheme="gray"), spacing="1", align="center",
                     **props)
