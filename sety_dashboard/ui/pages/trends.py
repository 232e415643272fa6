"""Trends (`/trends`, supervisors and admins): is the room getting faster?

A range of days by day or week, each figure beside the same length of time
just before it, in words and one duration format; charts with labelled
axes; CSV export. Drills are counted apart, as everywhere in Sety.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_see_analytics
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.trends import PRESETS, TrendsState

S = TrendsState
NOW, BEFORE = "var(--violet-9)", "var(--gray-8)"


def _controls() -> rx.Component:
    def date_input(label: str, value, on_change, id_: str) -> rx.Component:
        return rx.vstack(rx.el.label(rx.text(label, size="1", weight="medium"), html_for=id_),
                         rx.input(type="date", value=value, on_change=on_change, id=id_),
                         spacing="1")

    return rx.hstack(
        date_input("From", S.start, S.set_start, "trends-from"),
        date_input("To", S.end, S.set_end, "trends-to"),
        rx.vstack(rx.text("By", size="1", weight="medium"),
                  rx.segmented_control.root(
                      rx.segmented_control.item("Day", value="day"),
                      rx.segmented_control.item("Week", value="week"),
                      value=S.bucket, on_change=S.set_bucket, id="trends-bucket"),
                  spacing="1"),
        rx.hstack(*[rx.button(f"Last {name}", size="1", variant="soft", color_scheme="gray",
                              on_click=S.preset(name)) for name in PRESETS],
                  spacing="1"),
        rx.spacer(),
        rx.button(rx.icon("download", size=14), "Export CSV", variant="soft",
                  color_scheme="blue", on_click=S.export_csv, id="trends-csv"),
        align="end", spacing="3", width="100%", wrap="wrap")


def _summary() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(
            rx.table.column_header_cell("Measure"), rx.table.column_header_cell("This period"),
            rx.table.column_header_cell("Previous period"),
            rx.table.column_header_cell("Change"))),
        rx.table.body(rx.foreach(S.summary, lambda r: rx.table.row(
            rx.table.cell(rx.text(r["metric"], size="2", weight="medium")),
            rx.table.cell(rx.text(r["now"], size="2", font_variant_numeric="tabular-nums")),
            rx.table.cell(rx.text(r["before"], size="2", color_scheme="gray")),
            rx.table.cell(rx.text(r["change"], size="2")),
            class_name="trend-row", data_metric=r["metric"]))),
        variant="surface", size="1", width="100%", id="trends-summary")


def _chart(title: str, body: rx.Component) -> rx.Component:
    return rx.card(rx.vstack(rx.text(title, size="2", weight="bold"), body, width="100%",
                             spacing="2"), width="100%")


def _x_axis() -> rx.Component:
    # Labels skip themselves when crowded, so they never overlap.
    return rx.recharts.x_axis(data_key="label", tick={"fontSize": 11}, interval="preserveStartEnd",
                              min_tick_gap=12)


def _charts() -> rx.Component:
    incidents = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.3),
        _x_axis(),
        rx.recharts.y_axis(allow_decimals=False, tick={"fontSize": 11}, width=40,
                           label={"value": "Incidents", "angle": -90, "position": "insideLeft",
                                  "fontSize": 11}),
        rx.recharts.graphing_tooltip(), rx.recharts.legend(),
        rx.recharts.bar(data_key="This period", fill=NOW, is_animation_active=False),
        rx.recharts.bar(data_key="Previous period", fill=BEFORE, is_animation_active=False),
        data=S.chart, width="100%", height=260)
    mtta = rx.recharts.line_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.3),
        _x_axis(),
        rx.recharts.y_axis(tick={"fontSize": 11}, width=40,
                           label={"value": "Minutes", "angle": -90, "position": "insideLeft",
                                  "fontSize": 11}),
        rx.recharts.graphing_tooltip(), rx.recharts.legend(),
        rx.recharts.line(data_key="MTTA this period (min)", stroke=NOW, connect_nulls=True,
                         is_animation_active=False),
        rx.recharts.line(data_key="MTTA previous period (min)", stroke=BEFORE,
                         connect_nulls=True, stroke_dasharray="4 3", is_animation_active=False),
        data=S.chart, width="100%", height=260)
    stages = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.3),
        rx.recharts.x_axis(data_key="stage", tick={"fontSize": 12}),
        rx.recharts.y_axis(tick={"fontSize": 11}, width=52, domain=[0, 100], unit=" %"),
        rx.recharts.graphing_tooltip(), rx.recharts.legend(),
        rx.recharts.bar(data_key="This period", fill=NOW, is_animation_active=False),
        rx.recharts.bar(data_key="Previous period", fill=BEFORE, is_animation_active=False),
        data=S.stages, width="100%", height=260)
    return rx.grid(
        _chart("Incidents", incidents),
        _chart("Mean time to acknowledge", mtta),
        _chart("SLA missed, by stage", stages),
        columns=rx.breakpoints(initial="1", lg="3"), spacing="3", width="100%")


def trends_body() -> rx.Component:
    return rx.vstack(
        rx.heading("Trends", size="6"),
        _controls(),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          size="1", id="trends-error")),
        rx.cond(
            S.loaded,
            rx.vstack(rx.text(S.period_words, size="2", color_scheme="gray", id="trends-period"),
                      _summary(), _charts(), spacing="3", width="100%"),
            loading_panel("Computing trends…")),
        spacing="4", padding="16px", width="100%", max_width="1400px", margin_x="auto",
    )


PAGE = Page(route="/trends", title="Trends", body=trends_body, allowed=can_see_analytics,
            on_load=TrendsState.load)
