"""Dispatch board (`/`): the live queue of open incidents, most urgent first."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui.components.badges import category_icon, drill_badge, severity_badge, status_badge
from sety_dashboard.ui.components.sla import sla_countdown
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.board_rows import BoardRow
from sety_dashboard.ui.state.dispatch import DispatchState

ROW_HEIGHT = "52px"


def _row(row: BoardRow) -> rx.Component:
    fresh = DispatchState.fresh_ids.contains(row.incident_id)
    return rx.table.row(
        rx.table.cell(rx.hstack(category_icon(row.category), severity_badge(row.severity),
                                align="center", spacing="2")),
        rx.table.cell(
            rx.vstack(
                rx.hstack(rx.link(row.title, href="/incidents/" + row.incident_id,
                                  weight="bold", high_contrast=True, truncate=True),
                          rx.cond(row.is_drill, drill_badge()), align="center", spacing="2"),
                rx.text(row.place, size="1", color_scheme="gray", truncate=True),
                spacing="0", max_width="420px",
            ),
        ),
        rx.table.cell(rx.vstack(rx.text(row.subject_name, size="2", truncate=True),
                                rx.text(row.subject_phone, size="1", color_scheme="gray"),
                                spacing="0")),
        rx.table.cell(rx.moment(row.created_at, from_now=True, interval=30000, size="1"),
                      white_space="nowrap"),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(rx.text(rx.cond(row.responders != "", row.responders, "—"), size="1",
                              truncate=True), max_width="180px"),
        rx.table.cell(sla_countdown(row.sla_due, row.sla_start, row.sla_stage, row.breached)),
        class_name=rx.cond(fresh, "sety-row sety-row-new", "sety-row"),
        id="row-" + row.incident_id,
        data_status=row.status,
        height=ROW_HEIGHT,
        cursor="pointer",
        on_double_click=rx.redirect("/incidents/" + row.incident_id),
    )


def _table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell("", width="110px"),
                rx.table.column_header_cell("Incident"),
                rx.table.column_header_cell("Subject", width="170px"),
                rx.table.column_header_cell("Age", width="110px"),
                rx.table.column_header_cell("Status", width="120px"),
                rx.table.column_header_cell("Responders", width="180px"),
                rx.table.column_header_cell("SLA", width="130px"),
            ),
        ),
        rx.table.body(rx.foreach(DispatchState.rows, _row)),
        size="1", variant="surface", width="100%", id="board-table",
        style={"table_layout": "fixed"},
    )


def board_body() -> rx.Component:
    return rx.box(
        rx.cond(
            DispatchState.loaded,
            rx.vstack(
                rx.heading("Dispatch", size="5"),
                rx.cond(
                    DispatchState.rows.length() > 0,
                    _table(),
                    rx.callout("No open incidents match. New ones appear here as they arrive.",
                               icon="circle-check", color_scheme="green", id="board-empty"),
                ),
                spacing="3", width="100%",
            ),
            loading_panel("Loading the incident queue…"),
        ),
        padding="16px", width="100%",
    )


PAGE = Page(route="/", title="Dispatch", body=board_body, allowed=can_dispatch,
            on_load=DispatchState.load)
