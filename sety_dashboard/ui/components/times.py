"""Times on screen: clock times in the site's time zone (SETY_TIMEZONE) and
relative ages that refresh themselves in the browser."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.state.auth import AuthState


def clock_time(ts: rx.Var[str] | str, size: str = "1", fmt: str = "HH:mm:ss") -> rx.Component:
    """e.g. 14:05:09, in the site's time zone."""
    return rx.text(rx.moment(ts, format=fmt, tz=AuthState.timezone), size=size, as_="span",
                   font_variant_numeric="tabular-nums")


def age(ts: rx.Var[str] | str, size: str = "1", **props) -> rx.Component:
    """e.g. "4 minutes ago", refreshed every 15 s by the browser."""
    props.setdefault("white_space", "nowrap")
    return rx.text(rx.moment(ts, from_now=True, interval=15_000), size=size, as_="span", **props)
