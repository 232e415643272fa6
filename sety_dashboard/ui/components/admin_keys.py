"""Admin › API keys section: create with a scopes picker, the secret shown
once in a copyable box, the key list with revoke (confirmed)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.keys.service import SCOPES
from sety_dashboard.ui.components.admin_users import labelled
from sety_dashboard.ui.components.times import clock_time, time_and_age
from sety_dashboard.ui.state.admin_keys import KeyRow, KeysState

S = KeysState
SCOPE_HINTS = {"admin": "all scopes", "keys:manage": "issue and revoke keys",
               "webhooks:manage": "webhook endpoints"}


def _scope_picker() -> rx.Component:
    return rx.hstack(
        *[rx.tooltip(
            # The id is on the label, not the control: a form would submit a
            # control by its id (deprecated), and the picked scopes are state.
            rx.el.label(
                rx.hstack(
                    rx.checkbox(checked=S.new_scopes.contains(scope),
                                on_change=lambda checked, s=scope: S.toggle_scope(s, checked)),
                    rx.text(scope, size="2", font_family="ui-monospace, monospace"),
                    align="center", spacing="1"),
                id="scope-" + scope.replace(":", "-"), cursor="pointer"),
            content=SCOPE_HINTS.get(scope, scope))
          for scope in SCOPES],
        spacing="3", wrap="wrap", id="key-scopes",
    )


def _create_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.hstack(
                labelled("Key name (what uses it)", rx.input(
                    name="name", placeholder="e.g. Kiosk — HQ lobby", required=True,
                    width="100%", id="key-name", max_length=200), "key-name", "320px"),
                rx.button(rx.icon("key-round", size=14), "Create key", type="submit",
                          loading=S.busy, id="key-create"),
                spacing="2", align="end"),
            _scope_picker(),
            rx.cond(S.form_error != "",
                    rx.text(S.form_error, color_scheme="red", size="2", id="key-form-error")),
            spacing="2", width="100%"),
        on_submit=S.create, reset_on_submit=False, width="100%",
    )


def _new_secret() -> rx.Component:
    return rx.cond(
        S.new_secret != "",
        rx.callout(
            rx.vstack(
                rx.text("Secret of “", S.new_secret_name, "” — shown this once. Copy it into "
                        "the system that will call the API; Sety keeps only a hash and cannot "
                        "show it again.", size="2"),
                rx.hstack(
                    rx.code(S.new_secret, size="3", id="new-key-secret", word_break="break-all"),
                    rx.icon_button(rx.icon("copy", size=14), size="1", variant="soft",
                                   on_click=rx.set_clipboard(S.new_secret), title="Copy",
                                   id="copy-key-secret"),
                    rx.button("I have stored it", size="1", variant="soft",
                              on_click=S.dismiss_secret, id="dismiss-key-secret"),
                    align="center", spacing="2", wrap="wrap"),
                spacing="2"),
            icon="key-round", color_scheme="amber", width="100%"),
    )


def _revoke_button(row: KeyRow) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button("Revoke", size="1", variant="soft", color_scheme="red",
                      class_name="key-revoke")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Revoke “", row.name, "”?"),
            rx.alert_dialog.description(
                rx.text("Requests with ", rx.code(row.prefix, "…"), " fail from the very next "
                        "one. This cannot be undone; create a new key to restore access.")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Revoke", color_scheme="red",
                                                 class_name="key-revoke-confirm",
                                                 on_click=S.revoke(row.key_id))),
                justify="end", spacing="2", margin_top="12px"),
            max_width="460px"),
    )


def _row(row: KeyRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.name, size="2", weight="medium", truncate=True)),
        rx.table.cell(rx.code(row.prefix, "…", size="1")),
        rx.table.cell(rx.text(row.scopes, size="1")),
        rx.table.cell(clock_time(row.created)),
        rx.table.cell(rx.text(rx.cond(row.last_used != "", time_and_age(row.last_used), "never"),
                              size="1", class_name="key-last-used")),
        rx.table.cell(rx.cond(
            row.revoked != "",
            rx.hstack(rx.badge("Revoked", color_scheme="red", variant="solid"),
                      clock_time(row.revoked, color_scheme="gray"), spacing="1",
                      align="center"),
            rx.cond(row.expires != "",
                    rx.badge("Expires ", clock_time(row.expires), color_scheme="amber",
                             variant="soft"),
                    rx.badge("Active", color_scheme="green", variant="soft")))),
        rx.table.cell(rx.cond(row.revoked == "", _revoke_button(row))),
        id="key-" + row.key_id, data_revoked=rx.cond(row.revoked != "", "yes", "no"),
    )


def keys_section() -> rx.Component:
    return rx.vstack(
        rx.text("Keys for systems that call the API: SOS apps, kiosks, partner systems. Give "
                "each the fewest scopes it needs.", size="2", color_scheme="gray"),
        _create_form(),
        _new_secret(),
        rx.table.root(
            rx.table.header(rx.table.row(
                rx.table.column_header_cell("Name"),
                rx.table.column_header_cell("Prefix", width="150px"),
                rx.table.column_header_cell("Scopes"),
                rx.table.column_header_cell("Created", width="140px"),
                rx.table.column_header_cell("Last used", width="140px"),
                rx.table.column_header_cell("Status", width="150px"),
                rx.table.column_header_cell("", width="90px"))),
            rx.table.body(rx.foreach(S.keys, _row)),
            size="1", variant="surface", width="100%", id="keys-table"),
        rx.cond(S.total > S.keys.length(),
                rx.text("Newest ", S.keys.length(), " of ", S.total, " shown.", size="1",
                        color_scheme="gray")),
        spacing="3", width="100%", id="keys-section",
    )
