"""Drills (`/drills`, supervisors and admins): the drill record.

For each site, its last ten drills side by side — time to acknowledge, to
dispatch, to be on scene, and when the muster was complete — so the room
sees whether it is getting faster. Printable, and exportable as CSV. Each
drill links to its incident page, whose Scorecard tab has the whole card.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_start_drills
from sety_dashboard.ui.components.drill_dialog import drill_button
from sety_dashboard.ui.components.scorecard import result_badge
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.drill_record import DrillRecordState
from sety_dashboard.ui.viewmodels.scorecard_rows import DrillRow, PlannedRow, SiteDrills, StageRow

S = DrillRecordState
COLUMNS = ("Drill", "Started", "Ended", "Acknowledge", "Dispatch", "On scene",
           "Muster complete")


def _measure(row: StageRow) -> rx.Component:
    return rx.table.cell(rx.vstack(
        rx.text(row.took, size="2", font_variant_numeric="tabular-nums", weight="medium"),
        result_badge(row), spacing="1"))


def _drill(d: DrillRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(d.title, href="/incidents/" + d.incident_id, size="2",
                              weight="medium")),
        rx.table.cell(clock_time(d.started, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(d.ended, size="2")),
        _measure(d.acknowledge), _measure(d.dispatch), _measure(d.on_scene),
        rx.table.cell(rx.badge(d.muster, variant="soft", size="1",
                               color_scheme=rx.match(d.muster_tone, ("green", "green"),
                                                     ("red", "red"), "gray"))),
        class_name="drill-row", data_incident=d.incident_id,
    )


def _site(group: SiteDrills) -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(group.site, size="4"),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(c) for c in COLUMNS])),
            rx.table.body(rx.foreach(group.drills, _drill)),
            # Fixed layout: every site's columns line up, so sites compare at a glance.
            variant="ghost", size="1", width="100%", style={"tableLayout": "fixed"}),
        spacing="2", width="100%"),
        width="100%", class_name="drill-site", data_site=group.site)


def drill_record() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(rx.heading("Drill record", size="5"),
                      rx.text("The last ten drills at each site, newest first; times from the "
                              "moment the drill was raised.", size="2", color_scheme="gray"),
                      spacing="1"),
            rx.spacer(),
            rx.button(rx.icon("printer", size=14), "Print", variant="soft", color_scheme="gray",
                      on_click=S.print_page, id="drills-print", class_name="sety-no-print"),
            rx.button(rx.icon("download", size=14), "Export CSV", variant="soft",
                      color_scheme="blue",
                      on_click=S.export_csv, id="drills-csv", class_name="sety-no-print"),
            align="center", width="100%", spacing="2"),
        rx.cond(
            S.record_loaded,
            rx.cond(S.sites.length() > 0,
                    rx.vstack(rx.foreach(S.sites, _site), spacing="3", width="100%",
                              id="drill-record"),
                    rx.callout("No drill has been run yet. Start one from the dispatch board.",
                               icon="flask-conical", color_scheme="gray", id="drills-empty")),
            loading_panel("Loading the drill record…")),
        spacing="3", width="100%",
    )


def _planned_row(p: PlannedRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(p.title, size="2", weight="medium")),
        rx.table.cell(rx.text(p.template, size="2")),
        rx.table.cell(clock_time(p.starts, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(p.planned_by, size="2")),
        rx.table.cell(rx.button("Call off", size="1", variant="soft", color_scheme="gray",
                                on_click=S.cancel_planned(p.drill_id),
                                class_name="planned-cancel")),
        class_name="planned-row", data_drill=p.drill_id)


def planned_drills() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading("Planned drills", size="4"),
        rx.cond(
            S.planned.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(c) for c in (
                    "Drill", "Template", "Starts by itself at (site time)", "Planned by", "")])),
                rx.table.body(rx.foreach(S.planned, _planned_row)),
                variant="ghost", size="1", width="100%", id="planned-drills"),
            rx.text("Nothing planned. Plan a drill with the button above; it starts by itself "
                    "at its time, on every board.", size="2", color_scheme="gray",
                    id="planned-empty")),
        spacing="2", width="100%"), width="100%", class_name="sety-no-print")


def drills_body() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading("Drills", size="6"), rx.spacer(),
                  rx.box(drill_button("Start or plan a drill"), class_name="sety-no-print"),
                  align="center", width="100%"),
        rx.cond(S.record_loaded, planned_drills()),
        drill_record(),
        spacing="4", padding="16px", width="100%", max_width="1400px", margin_x="auto",
    )


PAGE = Page(route="/drills", title="Drills", body=drills_body, allowed=can_start_drills,
            on_load=DrillRecordState.load)
