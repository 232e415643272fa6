"""Analytics (`/analytics`, supervisors and admins): how the room is doing.

Time to acknowledge and resolve, SLA breach rate, incidents by hour of day,
category, severity and status — drills counted apart and left out of the
rest, as everywhere in Sety.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_see_analytics
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.analytics import WINDOWS, AnalyticsState

S = AnalyticsState


def _stat(label: str, value: rx.Var, hint: str, id_: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="1", color_scheme="gray", text_transform="uppercase",
                    letter_spacing="0.06em", weight="bold"),
            rx.text(value, size="6", weight="bold", font_variant_numeric="tabular-nums", id=id_),
            rx.text(hint, size="1", color_scheme="gray"),
            spacing="1",
        ),
        size="1", min_width="150px",
    )


def _bar_chart(title: str, data: rx.Var, key: str, color: str, height: int = 220) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(title, size="2", weight="bold"),
            rx.recharts.bar_chart(
                rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.3),
                rx.recharts.x_axis(data_key=key, tick={"fontSize": 10}, interval=0),
                rx.recharts.y_axis(allow_decimals=False, tick={"fontSize": 11}, width=36),
                rx.recharts.graphing_tooltip(),
                rx.recharts.bar(data_key="incidents", fill=color, is_animation_active=False),
                data=data, width="100%", height=height,
            ),
            width="100%", spacing="2",
        ),
        width="100%",
    )


def analytics_body() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Analytics", size="6"),
            rx.spacer(),
            rx.segmented_control.root(
                *[rx.segmented_control.item(label, value=label) for label in WINDOWS],
                value=S.window, on_change=S.set_window, id="analytics-window",
            ),
            width="100%", align="center",
        ),
        rx.cond(
            S.loaded,
            rx.vstack(
                rx.hstack(
                    _stat("Incidents", S.total, "drills left out", "stat-total"),
                    _stat("Still open", S.open, "of those", "stat-open"),
                    _stat("Mean time to acknowledge", S.mtta, "MTTA", "stat-mtta"),
                    _stat("90th percentile to acknowledge", S.p90_tta, "p90", "stat-p90"),
                    _stat("Mean time to resolve", S.mttr, "MTTR", "stat-mttr"),
                    _stat("SLA breach rate", S.breach_rate, "any stage late", "stat-breach"),
                    _stat("Drills", S.drills, "counted apart", "stat-drills"),
                    spacing="2", wrap="wrap",
                ),
                _bar_chart("Incidents by hour of day (site time)", S.by_hour, "hour", "var(--red-9)"),
                rx.grid(
                    _bar_chart("By category", S.by_category, "name", "var(--amber-9)"),
                    _bar_chart("By severity", S.by_severity, "name", "var(--crimson-9)"),
                    _bar_chart("By status", S.by_status, "name", "var(--cyan-9)"),
                    columns="3", spacing="3", width="100%",
                ),
                spacing="3", width="100%",
            ),
            loading_panel("Computing analytics…"),
        ),
        spacing="4", padding="16px", width="100%", max_width="1400px", margin_x="auto",
    )


PAGE = Page(route="/analytics", title="Analytics", body=analytics_body, allowed=can_see_analytics,
            on_load=AnalyticsState.load)
