"""The pieces every Admin section is built of, so the sections look and
behave alike: labelled fields, the create form with its error line, the
"shown this once" secret box, the confirm dialog of a destructive action,
and the section's table."""

from __future__ import annotations

from typing import Any

import reflex as rx


def labelled(label: str, control: rx.Component, for_id: str, width: str) -> rx.Component:
    """A form control with its label above it (a placeholder is not a label)."""
    return rx.vstack(rx.el.label(rx.text(label, size="1", weight="medium"), html_for=for_id),
                     control, spacing="1", width=width)


def text_field(label: str, name: str, id_: str, width: str, **props: Any) -> rx.Component:
    """A labelled text input named `name` (what the form submits), its label
    pointing at it by `id_`."""
    return labelled(label, rx.input(name=name, width="100%", id=id_, **props), id_, width)


def create_form(*rows: rx.Component, on_submit: Any, error: rx.Var[str],
                error_id: str) -> rx.Component:
    """A section's create form: its rows, then the server's refusal in red.
    The fields keep what was typed when the server refuses it."""
    return rx.form(
        rx.vstack(*rows,
                  rx.cond(error != "", rx.text(error, color_scheme="red", size="2", id=error_id)),
                  spacing="2", width="100%"),
        on_submit=on_submit, reset_on_submit=False, width="100%",
    )


def shown_once(secret: rx.Var[str], text: rx.Component, *, code_id: str, done: str,
               on_done: Any, done_id: str, code_size: str = "3", copy_id: str | None = None,
               callout_id: str | None = None) -> rx.Component:
    """A secret the server keeps no copy of (a key, a signing secret, a
    temporary password): shown until the admin says it is stored, with a copy
    button."""
    return rx.cond(
        secret != "",
        rx.callout(
            rx.vstack(
                text,
                rx.hstack(
                    rx.code(secret, size=code_size, id=code_id, word_break="break-all"),
                    rx.icon_button(rx.icon("copy", size=14), size="1", variant="soft",
                                   on_click=rx.set_clipboard(secret), title="Copy", id=copy_id),
                    rx.button(done, size="1", variant="soft", on_click=on_done, id=done_id),
                    align="center", spacing="2", wrap="wrap"),
                spacing="2"),
            icon="key-round", color_scheme="amber", width="100%", id=callout_id),
    )


def confirm(trigger: rx.Component, title: rx.Component | str, text: rx.Component | str,
            action: str, on_click: Any, confirm_class: str, *, color: str = "red",
            keep: str = "Keep") -> rx.Component:
    """A destructive action asked twice: the trigger opens the question, the
    `action` button does it, `keep` backs out."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(text),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(keep, variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(action, color_scheme=color,
                                                 class_name=confirm_class, on_click=on_click)),
                justify="end", spacing="2", margin_top="12px"),
            max_width="460px"),
    )


def section_table(columns: list[tuple[str, str | None]], rows: rx.Var[list[Any]], row: Any,
                  id_: str, *, fixed: bool = False) -> rx.Component:
    """A section's list: `columns` are (header, width or None for the rest);
    `fixed` keeps the widths whatever the cells hold."""
    layout = {"style": {"table_layout": "fixed"}} if fixed else {}
    return rx.table.root(
        rx.table.header(rx.table.row(
            *[rx.table.column_header_cell(label, **({"width": width} if width else {}))
              for label, width in columns])),
        rx.table.body(rx.foreach(rows, row)),
        size="1", variant="surface", width="100%", id=id_, **layout)
