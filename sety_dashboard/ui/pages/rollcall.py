"""The printable roll call (`/rollcall/<incident_id>`), opened from a roll
call's Print button: a plain sheet for the fire marshal (black on white,
missing first, DRILL in the title of a drill), with a Print button that
does not print itself."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_take_muster
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.rollcall import RollCallPrintState
from sety_dashboard.ui.viewmodels.muster_cards import MusterPerson

S = RollCallPrintState
PRINT_CSS = "@media print { .no-print { display: none !important; } body { background: white; } }"


def _time(value: rx.Var[str]) -> rx.Component:
    return clock_time(value, size="2", tz=S.tz)


def _row(person: MusterPerson) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.cond(person.accounted, "SAFE", "MISSING"),
                 style={"font_weight": "bold",
                        "color": rx.cond(person.accounted, "#11652b", "#b3261e")}),
        rx.el.td(person.name, style={"font_weight": "bold"}),
        rx.el.td(person.host),
        rx.el.td(person.phone),
        rx.el.td(rx.cond(person.inside, "inside", rx.fragment("left ",
                                                              _time(person.check_out_at)))),
        rx.el.td(rx.cond(person.accounted, rx.fragment(_time(person.accounted_at), " by ",
                                                       person.accounted_by), "")),
        class_name="rollcall-row", data_accounted=rx.cond(person.accounted, "yes", "no"),
    )


def _sheet() -> rx.Component:
    card = S.card
    cell = {"border": "1px solid #999", "padding": "6px 8px", "text_align": "left"}
    return rx.vstack(
        rx.el.style(PRINT_CSS),
        rx.hstack(
            rx.heading(card.kind.upper(), rx.cond(card.is_drill, " DRILL", ""), " ROLL CALL — ",
                       rx.cond(card.site != "", card.site, "no site"), size="7",
                       id="rollcall-title"),
            rx.spacer(),
            rx.button(rx.icon("printer", size=16), "Print", on_click=rx.call_script(
                "window.print()"), class_name="no-print", id="rollcall-print"),
            width="100%", align="center", wrap="wrap",
        ),
        rx.cond(card.is_drill, rx.text("THIS IS A DRILL", weight="bold", size="4",
                                        id="rollcall-drill")),
        rx.text("Started ", _time(card.started_at), " · printed ", _time(S.printed_at), size="2"),
        rx.text(card.accounted.to_string() + " of " + card.count.to_string() + " safe, "
                + card.missing.to_string() + " missing", size="5", weight="bold",
                id="rollcall-count"),
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(h, style=cell) for h in (
                "Status", "Name", "Host", "Phone", "On site", "Safe at")])),
            rx.el.tbody(rx.foreach(card.people, _row)),
            style={"border_collapse": "collapse", "width": "100%", "font_size": "14px"},
            class_name="rollcall-table",
        ),
        rx.el.style(".rollcall-table td { border: 1px solid #999; padding: 6px 8px; }"),
        spacing="3", padding="24px", width="100%", max_width="1000px", margin="0 auto",
    )


def rollcall_body() -> rx.Component:
    return rx.cond(
        S.signed_in,
        # Always a light sheet (black on white), whatever the desk's theme:
        # it is for paper.
        rx.cond(S.found, rx.box(_sheet(), background="white", color="black",
                                min_height="100vh", width="100%", id="rollcall-sheet"),
                rx.center(rx.callout("This roll call is not one you can see (or it does not "
                                     "exist).", icon="lock", color_scheme="amber",
                                     id="rollcall-missing"), padding="48px")),
        rx.center(rx.text("Checking your session…"), padding="48px"),
    )


PAGE = Page(route="/rollcall/[incident_id]", title="Roll call", body=rollcall_body,
            allowed=can_take_muster, on_load=RollCallPrintState.load, framed=False)
