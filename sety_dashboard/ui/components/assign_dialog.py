"""The "Assign a responder" dialog (state: ui/state/assign.py), on the board
and on the incident page."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.dialogs import action_form, dialog_footer, open_dialog
from sety_dashboard.ui.state.assign import AssignState

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
    return open_dialog("Assign a responder", A.incident_title, action_form(
        rx.text("Nearest available first; units in another city last.", size="1",
                color_scheme="gray"),
        rx.cond(
            A.loading,
            rx.text("Loading the on-duty roster…", size="2", color_scheme="gray"),
            rx.cond(
                A.candidates.length() > 0,
                rx.scroll_area(
                    rx.vstack(rx.foreach(A.candidates, _candidate), spacing="1",
                              width="100%", role="radiogroup", id="assign-candidates"),
                    type="auto", scrollbars="vertical", max_height="320px"),
                rx.callout("Nobody is on duty: add responders or put them on duty.",
                           icon="user-x", color_scheme="amber", size="1"))),
        rx.input(name="eta_min", placeholder="ETA in minutes (optional)",
                 value=A.eta_min, on_change=A.set_field("eta_min"), type="number", min="0",
                 id="assign-eta"),
        rx.cond(A.confirm_busy,
                rx.callout(A.chosen["name"].to(str) + " is " + A.chosen["state"].to(str) +
                           ". Assign to this incident as well?",
                           icon="info", color_scheme="amber", size="1", id="assign-confirm")),
        dialog_footer(rx.cond(A.confirm_busy, "Yes, assign", "Assign"), "assign-submit",
                      error=A.action_error, busy=A.busy,
                      client_id=rx.el.input(type="hidden", name="client_id", value=A.form_id)),
        on_submit=A.submit),
        open_=A.dialog_open, on_open_change=A.set_open, max_width="520px")
