"""Admin › Users section: the labelled create form, and the user list with
role, last sign-in, and the account actions (disable / enable, reset the
password, sign out everywhere)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.actors import ROLES
from sety_dashboard.domain.users.service import MIN_PASSWORD
from sety_dashboard.ui.components.admin_parts import (
    confirm,
    create_form,
    labelled,
    section_table,
    shown_once,
    text_field,
)
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.state.admin_users import UsersState
from sety_dashboard.ui.state.auth import ROLE_LABELS, AuthState
from sety_dashboard.ui.viewmodels.admin_rows import UserRow

S = UsersState


def _create_form() -> rx.Component:
    return create_form(
        rx.hstack(
            text_field("Full name", "name", "user-name", "200px", required=True, max_length=200),
            text_field("Email", "email", "user-email", "240px", type="email", required=True,
                       max_length=254),
            labelled("Role", rx.select.root(
                rx.select.trigger(width="100%", id="user-role"),
                rx.select.content(*[rx.select.item(ROLE_LABELS[r], value=r) for r in ROLES]),
                value=S.new_role, on_change=S.set_field("new_role"), size="2"), "user-role", "140px"),
            rx.cond(S.new_role == "responder", labelled("Unit on the roster", rx.select.root(
                rx.select.trigger(placeholder="Which unit on the roster", width="100%",
                                  id="user-responder"),
                rx.select.content(rx.foreach(S.roster, lambda r: rx.select.item(
                    r["label"], value=r["id"]))),
                value=S.new_responder_id, on_change=S.set_field("new_responder_id"), size="2"),
                "user-responder", "240px")),
            text_field(f"Initial password ({MIN_PASSWORD}+ characters)", "password",
                       "user-password", "240px", type="password", required=True,
                       auto_complete="new-password"),
            rx.button(rx.icon("user-plus", size=14), "Create user", type="submit",
                      loading=S.busy, id="user-create"),
            spacing="2", align="end", wrap="wrap"),
        on_submit=S.create, error=S.form_error, error_id="user-form-error",
    )


def _temp_password() -> rx.Component:
    return shown_once(
        S.temp_password,
        rx.text("Temporary password for ", rx.text.strong(S.temp_password_for),
                " — shown this once. Hand it over in person or by phone; they sign "
                "in with it and are signed out everywhere else.", size="2"),
        code_id="temp-password", code_size="4", done="I have handed it over",
        on_done=S.dismiss_temp_password, done_id="dismiss-temp-password",
        callout_id="temp-password-callout")


def _actions(row: UserRow) -> rx.Component:
    me = row.user_id == AuthState.user_id
    reset = confirm(
        rx.button("Reset password", size="1", variant="soft", color_scheme="amber",
                  class_name="user-reset", disabled=me),
        rx.text("Reset the password of ", row.name, "?"),
        "A temporary password replaces theirs and is shown to you once. They are signed out "
        "everywhere until they sign in with it.", "Reset password", S.reset_password(row.user_id),
        "user-reset-confirm", color="amber")
    sign_out = rx.button("Sign out", size="1", variant="soft", color_scheme="gray",
                         class_name="user-sign-out", disabled=me,
                         title="End every session of this user",
                         on_click=S.end_sessions(row.user_id, row.name))
    disable = confirm(
        rx.button("Disable", size="1", variant="soft", color_scheme="red",
                  class_name="user-disable", disabled=me,
                  title=rx.cond(me, "You cannot disable your own account", "Disable")),
        rx.text("Disable ", row.name, "?"),
        "They are signed out at once, on every screen, and cannot sign in until enabled "
        "again. Their name stays on the timelines.", "Disable", S.set_disabled(row.user_id, True),
        "user-disable-confirm")
    return rx.hstack(
        reset, sign_out,
        rx.cond(row.disabled,
                rx.button("Enable", size="1", variant="soft", color_scheme="green",
                          class_name="user-enable", on_click=S.set_disabled(row.user_id, False)),
                disable),
        spacing="1", wrap="wrap")


def _role(row: UserRow) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="130px", class_name="user-role-select",
                          aria_label="Role of " + row.name),
        rx.select.content(*[rx.select.item(ROLE_LABELS[r], value=r) for r in ROLES]),
        value=row.role, on_change=lambda role: S.change_role(row.user_id, role), size="1",
        disabled=row.user_id == AuthState.user_id)


def _row(row: UserRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.name, size="2", weight="medium")),
        rx.table.cell(rx.text(row.email, size="2")),
        rx.table.cell(_role(row)),
        rx.table.cell(rx.cond(row.disabled,
                              rx.badge("Disabled", color_scheme="red", variant="solid"),
                              rx.badge("Active", color_scheme="green", variant="soft"))),
        rx.table.cell(rx.cond(row.last_sign_in != "", clock_time(row.last_sign_in),
                              rx.text("Never", size="1")), class_name="user-last-sign-in"),
        rx.table.cell(clock_time(row.created)),
        rx.table.cell(_actions(row)),
        id="user-" + row.user_id, data_email=row.email, data_role=row.role,
        data_disabled=rx.cond(row.disabled, "yes", "no"),
    )


def users_section() -> rx.Component:
    return rx.vstack(
        rx.text("People who sign in to the dashboard. Give them their initial password in "
                "person; what they may do follows from their role.", size="2",
                color_scheme="gray"),
        _create_form(),
        _temp_password(),
        section_table([("Name", None), ("Email", None), ("Role", "150px"), ("Status", "90px"),
                       ("Last sign-in", "140px"), ("Created", "140px"), ("", "290px")],
                      S.users, _row, "users-table"),
        spacing="3", width="100%", id="users-section",
    )
