"""Dispatch board (`/`): the live queue of open incidents, most urgent first.

Layout is fixed-size where things change (counters, rows, map), so nothing
jumps when incidents arrive: a new row slides into its place in the queue
and glows; the frame's alert bar (layout.py, on every page) says what came
in and chimes until someone acknowledges it.

Row and counter colours say the triage (domain/incidents/triage.py): red
edge = nobody acknowledged it; red tint = "waiting for us" (acknowledge or
dispatch deadline passed); amber = "late but handled" (resolve deadline
passed while responders work). Red is kept for danger only.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.incidents.inputs import CATEGORIES, SEVERITIES
from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui.components.alerts import keyboard_shortcuts
from sety_dashboard.ui.components.assign_dialog import assign_dialog
from sety_dashboard.ui.components.badges import (
    CATEGORY_LABELS,
    STATUS_LABELS,
    category_icon,
    drill_badge,
    severity_badge,
    status_badge,
)
from sety_dashboard.ui.components.client_id import client_id_field
from sety_dashboard.ui.components.dialogs import action_form, dialog_footer, open_dialog
from sety_dashboard.ui.components.drill_dialog import drill_button
from sety_dashboard.ui.components.map import sety_map
from sety_dashboard.ui.components.sla import sla_countdown
from sety_dashboard.ui.components.times import age, clock_time
from sety_dashboard.ui.components.unit_board import unit_markers, units_panel
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.alerts import AlertState
from sety_dashboard.ui.state.board import BoardState
from sety_dashboard.ui.state.dialog_targets import ASSIGN_FOR, CLOSED, NOTE_FOR, open_for
from sety_dashboard.ui.viewmodels.board_rows import SEVERITY_COLORS, BoardRow

S = BoardState
ROW_HEIGHT = "56px"
# Long titles and addresses end in "…" instead of growing the row.
ONE_LINE = {"white_space": "nowrap", "overflow": "hidden", "text_overflow": "ellipsis",
            "max_width": "100%", "min_width": "0", "display": "block"}
KEYS_HINT = "Keys: j / k select · a acknowledge · d assign · n note · Enter open"


def _counter(label: str, value: rx.Var, color: str, id_: str, class_name: str = "",
             hint: str = "") -> rx.Component:
    """Coloured like the rows it counts (class_name is the rows' class)."""
    return rx.card(
        rx.vstack(
            rx.text(label, size="1", color_scheme="gray", text_transform="uppercase",
                    letter_spacing="0.06em", weight="bold", white_space="nowrap"),
            rx.text(value, size="7", weight="bold", color=f"var(--{color}-11)",
                    font_variant_numeric="tabular-nums", id=id_),
            spacing="0",
        ),
        size="1", min_width="120px", class_name=class_name, title=hint,
    )


def _counters() -> rx.Component:
    return rx.hstack(
        _counter("Open", S.counts["open"], "gray", "count-open"),
        _counter("Unacknowledged", S.counts["unacknowledged"], "red", "count-unacknowledged",
                 "sety-count-unack", "Nobody has acknowledged these yet"),
        _counter("Waiting for us", S.counts["waiting"], "red", "count-waiting",
                 "sety-count-waiting", "Acknowledge or dispatch deadline passed"),
        _counter("Late, handled", S.counts["late"], "amber", "count-late",
                 "sety-count-late", "Resolve deadline passed; responders are on it"),
        _counter("On scene", S.counts["on_scene"], "cyan", "count-on-scene"),
        spacing="2",
    )


# After a filter is used, the keyboard goes back to the board (j / k / a …),
# instead of staying on the filter where letters would change its value.
FOCUS_BOARD = "document.getElementById('board-queue')?.focus({preventScroll: true})"


def _select(value: rx.Var, on_change, options: list[tuple[str, str]], id_: str,
            width: str = "150px") -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width=width, id=id_),
        rx.select.content(*[rx.select.item(label, value=v) for v, label in options],
                          on_close_auto_focus=[rx.prevent_default,
                                               rx.call_script(FOCUS_BOARD)]),
        value=value, on_change=on_change, size="2",
    )


def _filters() -> rx.Component:
    return rx.hstack(
        _select(S.filter_status, S.set_filter("filter_status"),
                [("all", "All open")] + [(s, STATUS_LABELS[s]) for s in OPEN], "filter-status"),
        _select(S.filter_category, S.set_filter("filter_category"),
                [("all", "All categories")] + [(c, CATEGORY_LABELS[c]) for c in CATEGORIES],
                "filter-category", "170px"),
        _select(S.filter_severity, S.set_filter("filter_severity"),
                [("all", "All severities")] + [(s, s.capitalize()) for s in reversed(SEVERITIES)],
                "filter-severity"),
        rx.hstack(rx.switch(checked=S.show_drills,
                            on_change=[S.set_filter("show_drills"), rx.call_script(FOCUS_BOARD)],
                            id="filter-drills"),
                  rx.text("Drills", size="2"), align="center", spacing="2"),
        rx.input(rx.input.slot(rx.icon("search", size=14)), placeholder="Search name, phone, place…",
                 value=S.search, on_change=S.set_search.debounce(250), width="260px",
                 id="filter-search"),
        rx.button("Clear", variant="ghost", color_scheme="gray",
                  on_click=[S.clear_filters, rx.call_script(FOCUS_BOARD)], size="2"),
        spacing="3", align="center", wrap="wrap",
    )


def _row(row: BoardRow) -> rx.Component:
    fresh = S.fresh_ids.contains(row.incident_id)
    selected = S.selected_id == row.incident_id
    new_class = rx.cond(fresh, " sety-row-new", "")
    sel_class = rx.cond(selected, " sety-row-selected", "")
    unack_class = rx.cond(row.alert, " sety-row-unack", "")
    attention_class = rx.cond(row.attention == "waiting", " sety-row-waiting",
                              rx.cond(row.attention == "late", " sety-row-late", ""))
    return rx.table.row(
        rx.table.cell(rx.hstack(category_icon(row.category), severity_badge(row.severity),
                                align="center", spacing="2")),
        rx.table.cell(
            rx.vstack(
                rx.hstack(rx.link(row.title, href="/incidents/" + row.incident_id,
                                  weight="bold", high_contrast=True, style=ONE_LINE),
                          rx.cond(row.is_drill, drill_badge()), align="center", spacing="2",
                          width="100%"),
                rx.text(rx.cond(row.place != "", row.place, "No address given"), size="1",
                        color_scheme="gray", style=ONE_LINE, title=row.place),
                spacing="0", width="100%",
            ),
        ),
        rx.table.cell(rx.vstack(rx.text(row.subject_name, size="2", style=ONE_LINE),
                                rx.text(row.subject_phone, size="1", color_scheme="gray"),
                                spacing="0", width="100%")),
        rx.table.cell(rx.vstack(clock_time(row.created_at), age(row.created_at, style=ONE_LINE,
                                                                  color_scheme="gray"),
                                spacing="0")),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(rx.text(rx.cond(row.responders != "", row.responders, "—"), size="1",
                              style=ONE_LINE, title=row.responders)),
        rx.table.cell(sla_countdown(row.sla_due, row.sla_start, row.sla_stage, row.breached)),
        rx.table.cell(
            rx.cond(
                row.alert,
                rx.button("Ack", size="1", color_scheme="red",
                          on_click=S.acknowledge(row.incident_id).stop_propagation,
                          loading=S.busy_id == row.incident_id,
                          disabled=S.busy_id == row.incident_id,
                          class_name="row-ack", title="Acknowledge (a)"),
                rx.hstack(
                    # Acknowledged, nobody sent yet: assign from the board itself.
                    # Both dialogs open in the browser, named from this row;
                    # the server hears of it in the same click.
                    rx.cond(row.status == "acknowledged",
                            rx.button("Assign", size="1", variant="solid",
                                      on_click=[open_for(ASSIGN_FOR, row.incident_id,
                                                         row.title),
                                                S.assign(row.incident_id),
                                                rx.stop_propagation],
                                      class_name="row-assign",
                                      title="Assign a responder (d)")),
                    rx.icon_button(rx.icon("message-square-plus", size=14), size="1",
                                   variant="soft", color_scheme="gray",
                                   on_click=[open_for(NOTE_FOR, row.incident_id, row.title),
                                             S.open_note(row.incident_id),
                                             rx.stop_propagation],
                                   class_name="row-note", title="Add a note (n)"),
                    spacing="1"),
            ),
        ),
        class_name="sety-row" + new_class + sel_class + unack_class + attention_class,
        data_attention=row.attention,
        id="row-" + row.incident_id,
        data_status=row.status,
        height=ROW_HEIGHT,
        cursor="pointer",
        on_click=S.select(row.incident_id),
        on_double_click=rx.redirect("/incidents/" + row.incident_id),
    )


def _table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell("", width="118px"),
                rx.table.column_header_cell("Incident"),
                rx.table.column_header_cell("Subject", width="136px"),
                rx.table.column_header_cell("Age", width="132px"),
                rx.table.column_header_cell("Status", width="110px"),
                rx.table.column_header_cell("Responders", width="124px"),
                rx.table.column_header_cell("SLA", width="184px"),
                rx.table.column_header_cell("", width="100px"),
            ),
        ),
        rx.table.body(rx.foreach(S.rows, _row)),
        size="1", variant="surface", width="100%", id="board-table",
        class_name="sety-fixed-table",
    )


def _queue() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        _table(),
        rx.callout(
            rx.cond(S.counts["open"] > 0, "No open incident matches these filters.",
                    "No open incidents. New ones appear here the moment they are reported."),
            icon="circle-check", color_scheme="green", id="board-empty"),
    )


def _markers() -> rx.Var:
    """The map's markers, made from the rows in the browser (nothing extra is pushed)."""
    def marker(r: rx.Var) -> dict[str, rx.Var]:
        return {"id": r.incident_id, "lat": r.lat, "lng": r.lng,
                "color": rx.match(r.severity, *SEVERITY_COLORS.items(), "#8b8d98"),
                "radius": rx.cond(r.status == "created", 9, 7),
                "label": r.title + " (" + r.status + ")",
                "href": "/incidents/" + r.incident_id}
    return S.rows.map(marker)


def _map_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text("Map of open incidents", size="1", weight="bold",
                              color_scheme="gray", text_transform="uppercase"),
                      rx.spacer(), rx.text(S.rows.length(), " shown", size="1",
                                           color_scheme="gray"),
                      width="100%"),
            sety_map(markers=_markers() + unit_markers(), tile_url=S.map_tile_url,
                     attribution=S.map_attribution, height="360px", id="board-map"),
            rx.hstack(
                *[rx.hstack(rx.box(width="10px", height="10px", border_radius="50%",
                                   background=color), rx.text(label, size="1"),
                            align="center", spacing="1")
                  for label, color in (("Critical", SEVERITY_COLORS["critical"]),
                                       ("High", SEVERITY_COLORS["high"]),
                                       ("Medium", SEVERITY_COLORS["medium"]),
                                       ("Low", SEVERITY_COLORS["low"]))],
                spacing="3"),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _note_dialog() -> rx.Component:
    """Opened by a row's note button (or n on the highlighted row) in the
    browser; the form says which incident, so nothing here waits for the server."""
    target_id = NOTE_FOR.value["id"].to(str)
    return open_dialog("Add a note", NOTE_FOR.value["title"].to(str), action_form(
        # Not bound to the server: typing works while it is slow, and each
        # opened form starts empty.
        rx.text_area(name="message", rows="4", width="100%", auto_focus=True,
                     id="board-note-text", max_length=5000,
                     placeholder="What happened, who you spoke to…"),
        rx.el.input(type="hidden", name="incident_id", value=target_id),
        dialog_footer("Add note", "board-note-submit", error=S.action_error, busy=S.note_busy,
                      client_id=client_id_field(answered=S.note_answered)),
        on_submit=S.submit_note),
        open_=target_id != "", on_open_change=NOTE_FOR.set_value(CLOSED), max_width="480px",
        description_id="board-note-for")


def board_body() -> rx.Component:
    return rx.box(
        # n / d click the highlighted row's button in the browser (the same
        # dialog as the mouse, at once); without one they ask the server.
        keyboard_shortcuts(keys="jkadn\n", on_shortcut=S.shortcut,
                           clicks={"n": ".sety-row-selected .row-note",
                                   "d": ".sety-row-selected .row-assign"}),
        rx.vstack(
            rx.hstack(
                rx.heading("Dispatch", size="6"),
                _counters(),
                rx.spacer(),
                drill_button(),
                rx.button(rx.cond(AlertState.muted == "1", rx.icon("volume-x", size=16),
                                  rx.icon("volume-2", size=16)),
                          rx.cond(AlertState.muted == "1", "Sound off", "Sound on"),
                          variant="soft",
                          color_scheme=rx.cond(AlertState.muted == "1", "gray", "green"),
                          on_click=AlertState.toggle_mute, id="mute-toggle",
                          title="Alert sound for new incidents (every page)"),
                align="center", spacing="4", width="100%",
            ),
            rx.hstack(_filters(), rx.spacer(),
                      rx.text(KEYS_HINT, size="1", color_scheme="gray", white_space="nowrap"),
                      width="100%", align="center"),
            rx.cond(
                S.loaded,
                rx.grid(
                    # Focusable (not in the tab order): filters hand the keyboard back here.
                    rx.box(_queue(), min_width="0", id="board-queue", tab_index=-1,
                           outline="none"),
                    rx.box(rx.vstack(units_panel(), _map_panel(), spacing="3"),
                           position="sticky", top="64px"),
                    # The map sits beside the queue on wide control-room
                    # screens and below it on laptops.
                    columns=rx.breakpoints(initial="minmax(0, 1fr)",
                                           xl="minmax(0, 1fr) 400px"),
                    spacing="4", width="100%",
                    align_items="start",
                ),
                loading_panel("Loading the incident queue…"),
            ),
            _note_dialog(),
            assign_dialog(),
            spacing="3", width="100%",
        ),
        padding="16px", width="100%",
    )


PAGE = Page(route="/", title="Dispatch", body=board_body, allowed=can_dispatch,
            on_load=BoardState.load)
