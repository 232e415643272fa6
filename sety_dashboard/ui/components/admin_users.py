"""Admin › Users section: the labelled create form, and the user list with
role, last sign-in, and the account actions (disable / enable, reset the
password, sign out everywhere)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.actors import ROLES
from sety_dashboard.domain.users.service import MIN_PASSWORD
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.state.admin_users import UserRow, UsersState
from sety_dashboard.ui.state.auth import ROLE_LABELS, AuthState

S = UsersState


def labelled(label: str, control: rx.Component, for_id: str, width: str) -> rx.Component:
    """A form control with its label above it (a placeholder is not a label)."""
    return rx.vstack(rx.el.label(rx.text(label, size="1", weight="medium"), html_for=for_id),
                     control, spacing="1", width=width)


def _create_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            labelled("Full name", rx.input(name="name", required=True, width="100%",
                                           id="user-name", max_length=200), "user-name", "200px"),
            labelled("Email", rx.input(name="email", type="email", required=True, width="100%",
                                       id="user-email", max_length=254), "user-email", "240px"),
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
            labelled(f"Initial password ({MIN_PASSWORD}+ characters)", rx.input(
                name="password", type="password", required=True, width="100%",
                id="user-password", auto_complete="new-password"), "user-password", "240px"),
            rx.button(rx.icon("user-plus", size=14), "Create user", type="submit",
                      loading=S.busy, id="user-create"),
            spacing="2", align="end", wrap="wrap"),
        rx.cond(S.form_error != "",
                rx.text(S.form_error, color_scheme="red", size="2", id="user-form-error")),
        on_submit=S.create, reset_on_submit=False, width="100%",
    )


def _temp_password() -> rx.Component:
    return rx.cond(
        S.temp_password != "",
        rx.callout(
            rx.vstack(
                rx.text("Temporary password for ", rx.text.strong(S.temp_password_for),
                        " — shown this once. Hand it over in person or by phone; they sign "
                        "in with it and are signed out everywhere else.", size="2"),
                rx.hstack(
                    rx.code(S.temp_password, size="4", id="temp-password"),
                    rx.icon_button(rx.icon("copy", size=14), size="1", variant="soft",
                                   on_click=rx.set_clipboard(S.temp_password), title="Copy"),
                    rx.button("I have handed it over", size="1", variant="soft",
                              on_click=S.dismiss_temp_password, id="dismiss-temp-password"),
                    align="center", spacing="2", wrap="wrap"),
                spacing="2"),
            icon="key-round", color_scheme="amber", width="100%", id="temp-password-callout"),
    )


def _confirm(trigger: rx.Component, title: rx.Component | str, text: str, action: str,
             on_click, confirm_class: str, color: str = "red") -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(text),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(action, color_scheme=color,
                                                 class_name=confirm_class, on_click=on_click)),
                justify="end", spacing="2", margin_top="12px"),
            max_width="460px"),
    )


def _actions(row: UserRow) -> rx.Component:
    me = row.user_id == AuthState.user_id
    reset = _confirm(
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
    disable = _confirm(
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
        rx.table.root(
            rx.table.header(rx.table.row(
                rx.table.column_header_cell("Name"),
                rx.table.column_header_cell("Email"),
                rx.table.column_header_cell("Role", width="150px"),
                rx.table.column_header_cell("Status", width="90px"),
                rx.table.column_header_cell("Last sign-in", width="140px"),
                rx.table.column_header_cell("Created", width="140px"),
                rx.table.column_header_cell("", width="290px"))),
            rx.table.body(rx.foreach(S.users, _row)),
            size="1", variant="surface", width="100%", id="users-table"),
        spacing="3", width="100%", id="users-section",
    )
