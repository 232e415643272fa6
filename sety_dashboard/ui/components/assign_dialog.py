"""The "Assign a responder" dialog (state: ui/state/assign.py), on the board
and on the incident page.

It opens in the browser (dialog_targets.ASSIGN_FOR, set by the button that
opens it) and names the incident from what the page already shows; the
on-duty list is the server's and fills in when it answers (until then, and
while it still holds another incident's list, "Loading…")."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.client_id import client_id_field
from sety_dashboard.ui.components.dialogs import action_form, dialog_footer, open_dialog
from sety_dashboard.ui.state.assign import AssignState
from sety_dashboard.ui.state.dialog_targets import ASSIGN_FOR, CLOSED

A = AssignState


def _candidate(c: rx.Var) -> rx.Component:
    chosen = A.chosen_id == c["id"].to(str)
    return rx.hstack(
        rx.vstack(
            rx.hstack(rx.text(c["name"].to(str), size="2", weight="bold"),
                      rx.text(c["role"].to(str), size="1", color_scheme="gray"),
                      align="baseline", spacing="2"),
            rx.text(c["where"].to(str), size="1", color_scheme="gray"),
            spacing="0", min_width="0",
        ),
        rx.spacer(),
        rx.cond(c["far"].to(bool),
                rx.badge("far away", color_scheme="gray", variant="outline", size="1")),
        rx.badge(c["state"].to(str), size="1", variant="soft",
                 color_scheme=rx.cond(c["available"].to(bool), "green", "amber")),
        role="radio", aria_checked=rx.cond(chosen, "true", "false"), tab_index=0,
        class_name="assign-candidate", data_available=rx.cond(c["available"].to(bool),
                                                              "yes", "no"),
        on_click=A.choose(c["id"].to(str)),
        padding="6px 8px", border_radius="var(--radius-2)", cursor="pointer", width="100%",
        align="center", spacing="2",
        border=rx.cond(chosen, "2px solid var(--accent-9)", "1px solid var(--gray-a5)"),
        background=rx.cond(chosen, "var(--accent-a3)", "transparent"),
    )


def assign_dialog() -> rx.Component:
    target_id = ASSIGN_FOR.value["id"].to(str)
    # The list and the server's refusal shown belong to the incident the
    # dialog is open for, never to the one before it.
    this_one = A.incident_id == target_id
    return open_dialog("Assign a responder", ASSIGN_FOR.value["title"].to(str), action_form(
        rx.el.input(type="hidden", name="incident_id", value=target_id),
        rx.text("Nearest available first; units in another city last.", size="1",
                color_scheme="gray"),
        rx.cond(
            A.loading | ~this_one,
            rx.text("Loading the on-duty roster…", size="2", color_scheme="gray"),
            rx.cond(
                A.candidates.length() > 0,
                rx.scroll_area(
                    rx.vstack(rx.foreach(A.candidates, _candidate), spacing="1",
                              width="100%", role="radiogroup", id="assign-candidates"),
                    type="auto", scrollbars="vertical", max_height="320px"),
                rx.callout("Nobody is on duty: add responders or put them on duty.",
                           icon="user-x", color_scheme="amber", size="1"))),
        # Labelled: once the chosen unit's rough ETA fills it in, a bare "4"
        # would not say what it is.
        rx.el.label(
            rx.hstack(
                rx.text("ETA, minutes", size="2", white_space="nowrap"),
                rx.input(name="eta_min", placeholder="optional", value=A.eta_min,
                         on_change=A.set_field("eta_min"), type="number", min="0",
                         id="assign-eta", width="120px"),
                align="center", spacing="2")),
        rx.cond(A.confirm_busy,
                rx.callout(A.chosen["name"].to(str) + " is " + A.chosen["state"].to(str) +
                           ". Assign to this incident as well?",
                           icon="info", color_scheme="amber", size="1", id="assign-confirm")),
        dialog_footer(rx.cond(A.confirm_busy, "Yes, assign", "Assign"), "assign-submit",
                      error=rx.cond(this_one, A.action_error, ""), busy=A.busy,
                      client_id=client_id_field(answered=A.answered)),
        on_submit=A.submit),
        open_=target_id != "", on_open_change=ASSIGN_FOR.set_value(CLOSED), max_width="520px",
        description_id="assign-for")
