"""The parts of an action dialog (a note, an assignment, resolving or
cancelling an incident), so every dialog reads and behaves alike: its form,
and the form's end — the one-time id the server de-duplicates by, the
server's refusal, Close and the submit button."""

from __future__ import annotations

from typing import Any

import reflex as rx

from sety_dashboard.ui.components.client_id import client_id_field


def action_form(*fields: rx.Component, on_submit: Any) -> rx.Component:
    """The dialog's form; what was typed stays when the server refuses it."""
    return rx.form(rx.vstack(*fields, spacing="3", width="100%"), on_submit=on_submit,
                   reset_on_submit=False)


def dialog_footer(submit: rx.Component | str, submit_id: str, *, error: rx.Var[str],
                  busy: rx.Var[bool] | bool = False, color: str = "indigo",
                  client_id: rx.Component | None = None) -> rx.Component:
    """`client_id` is the form's hidden id field: made in the browser when the
    dialog opens unless the state made one."""
    return rx.vstack(
        # One action per submission: the server de-duplicates by this id.
        client_id if client_id is not None else client_id_field(),
        rx.cond(error != "",
                rx.text(error, color_scheme="red", size="2", class_name="dialog-error")),
        rx.hstack(
            rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray",
                                      type="button")),
            rx.button(submit, type="submit", color_scheme=color, loading=busy,
                      disabled=busy, id=submit_id),
            justify="end", spacing="2", width="100%"),
        width="100%")


def open_dialog(title: str, description: rx.Var[str], form: rx.Component, *,
                open_: rx.Var[bool], on_open_change: Any, max_width: str,
                description_id: str | None = None) -> rx.Component:
    """A dialog about one thing named in `description`, open while `open_`
    holds: a server state's var, or a browser-side one (dialog_targets.py)
    for a dialog that must open with no round trip."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.dialog.description(description, size="2", color_scheme="gray",
                                  id=description_id),
            form,
            max_width=max_width),
        open=open_, on_open_change=on_open_change,
    )
