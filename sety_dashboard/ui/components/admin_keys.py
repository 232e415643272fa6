"""Admin › API keys section: create with a scopes picker, the secret shown
once in a copyable box, the key list with revoke (confirmed)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.keys.service import SCOPES
from sety_dashboard.ui.components.admin_parts import (
    confirm,
    create_form,
    section_table,
    shown_once,
    text_field,
)
from sety_dashboard.ui.components.times import clock_time, time_and_age
from sety_dashboard.ui.state.admin_keys import KeysState
from sety_dashboard.ui.viewmodels.admin_rows import KeyRow

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
    return create_form(
        rx.hstack(
            text_field("Key name (what uses it)", "name", "key-name", "320px",
                       placeholder="e.g. Kiosk — HQ lobby", required=True, max_length=200),
            rx.button(rx.icon("key-round", size=14), "Create key", type="submit",
                      loading=S.busy, id="key-create"),
            spacing="2", align="end"),
        _scope_picker(),
        on_submit=S.create, error=S.form_error, error_id="key-form-error",
    )


def _new_secret() -> rx.Component:
    return shown_once(
        S.new_secret,
        rx.text("Secret of “", S.new_secret_name, "” — shown this once. Copy it into "
                "the system that will call the API; Sety keeps only a hash and cannot "
                "show it again.", size="2"),
        code_id="new-key-secret", copy_id="copy-key-secret", done="I have stored it",
        on_done=S.dismiss_secret, done_id="dismiss-key-secret")


def _revoke_button(row: KeyRow) -> rx.Component:
    return confirm(
        rx.button("Revoke", size="1", variant="soft", color_scheme="red", class_name="key-revoke"),
        rx.fragment("Revoke “", row.name, "”?"),
        rx.text("Requests with ", rx.code(row.prefix, "…"), " fail from the very next "
                "one. This cannot be undone; create a new key to restore access."),
        "Revoke", S.revoke(row.key_id), "key-revoke-confirm", keep="Keep it")


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
        section_table([("Name", None), ("Prefix", "150px"), ("Scopes", None),
                       ("Created", "140px"), ("Last used", "140px"), ("Status", "150px"),
                       ("", "90px")], S.keys, _row, "keys-table"),
        rx.cond(S.total > S.keys.length(),
                rx.text("Newest ", S.keys.length(), " of ", S.total, " shown.", size="1",
                        color_scheme="gray")),
        spacing="3", width="100%", id="keys-section",
    )
