"""Shift handover (`/handover`, dispatchers, supervisors, admins): what the
outgoing shift hands over — incidents still open, SLA deadlines missed
during the shift, and notes for the incoming shift (stored)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.handover import HandoverState

S = HandoverState


def _table(rows, headers: list[str], cells, id_: str, empty: str) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(rx.foreach(rows, cells)),
            variant="ghost", size="1", width="100%", id=id_),
        rx.text(empty, size="2", color_scheme="gray", id=id_ + "-empty"))


def _title(r) -> rx.Component:
    return rx.table.cell(rx.hstack(
        rx.link(r["title"], href="/incidents/" + r["id"], size="2", weight="medium"),
        rx.cond(r["drill"] != "", rx.badge("DRILL", color_scheme="violet", size="1")),
        spacing="2", align="center"))


def _open_row(r) -> rx.Component:
    return rx.table.row(_title(r), rx.table.cell(rx.text(r["severity"], size="2")),
                        rx.table.cell(rx.text(r["status"], size="2")),
                        rx.table.cell(rx.text(r["age"], size="2")), class_name="handover-open")


def _breach_row(r) -> rx.Component:
    return rx.table.row(_title(r), rx.table.cell(rx.badge(r["stage"], color_scheme="red",
                                                          variant="soft", size="1")),
                        rx.table.cell(clock_time(r["due"], size="2")),
                        rx.table.cell(rx.text(r["status"], size="2")),
                        class_name="handover-breach")


def _note(n) -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(n["message"], size="2", white_space="pre-wrap"),
        rx.hstack(rx.text(n["author"], " · ", size="1", color_scheme="gray"),
                  clock_time(n["at"], color_scheme="gray"), spacing="1"),
        spacing="1"), width="100%", class_name="handover-note")


def _section(title: str | rx.Component, *children: rx.Component) -> rx.Component:
    heading = rx.heading(title, size="4") if isinstance(title, str) else title
    return rx.card(rx.vstack(heading, *children, spacing="2",
                             width="100%"), width="100%")


def handover_body() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Shift handover", size="6"), rx.spacer(),
            rx.text("Shift length", size="2"),
            rx.segmented_control.root(rx.segmented_control.item("8 hours", value="8"),
                                      rx.segmented_control.item("12 hours", value="12"),
                                      value=S.hours, on_change=S.set_hours,
                                      id="handover-hours"),
            align="center", width="100%", spacing="3"),
        rx.cond(
            S.loaded,
            rx.grid(
                rx.vstack(
                    _section("Still open", _table(
                        S.open_rows, ["Incident", "Severity", "Status", "Open for"], _open_row,
                        "handover-open", "Nothing is open.")),
                    _section(rx.heading("Missed during this shift (since ",
                                        clock_time(S.since, size="4"), ")", size="4"), _table(
                        S.breached_rows, ["Incident", "Stage missed", "Was due", "Now"],
                        _breach_row, "handover-breached", "No SLA deadline was missed.")),
                    spacing="3", width="100%"),
                _section(
                    "Notes for the next shift",
                    rx.form(rx.vstack(
                        rx.el.label(rx.text("Leave a note", size="1", weight="medium"),
                                    html_for="handover-note-text"),
                        rx.text_area(name="message", value=S.note_text,
                                     on_change=S.set_field("note_text"), rows="3", width="100%",
                                     max_length=2000, id="handover-note-text",
                                     placeholder="What the next shift must know"),
                        rx.button(rx.icon("send", size=14), "Leave note", type="submit",
                                  loading=S.busy, id="handover-note-submit"),
                        spacing="2", width="100%", align="end"),
                        on_submit=S.add_note, reset_on_submit=False, width="100%"),
                    rx.cond(S.notes.length() > 0,
                            rx.vstack(rx.foreach(S.notes, _note), spacing="2", width="100%",
                                      id="handover-notes"),
                            rx.text("No notes in the last two days.", size="2",
                                    color_scheme="gray"))),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%"),
            loading_panel("Preparing the handover…")),
        spacing="4", padding="16px", width="100%", max_width="1400px", margin_x="auto",
    )


PAGE = Page(route="/handover", title="Shift handover", body=handover_body, allowed=can_dispatch,
            on_load=HandoverState.load)
