"""Admin › Users section: create form and the user list with disable / enable."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.actors import ROLES
from sety_dashboard.domain.users.service import MIN_PASSWORD
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.state.admin_users import UserRow, UsersState
from sety_dashboard.ui.state.auth import ROLE_LABELS, AuthState

S = UsersState


def _create_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name="name", placeholder="Full name", required=True, width="200px",
                     id="user-name", max_length=200),
            rx.input(name="email", type="email", placeholder="Email", required=True,
                     width="240px", id="user-email", max_length=254),
            rx.select.root(
                rx.select.trigger(width="140px", id="user-role"),
                rx.select.content(*[rx.select.item(ROLE_LABELS[r], value=r) for r in ROLES]),
                value=S.new_role, on_change=S.set_new_role, size="2"),
            rx.cond(S.new_role == "responder", rx.select.root(
                rx.select.trigger(placeholder="Which unit on the roster", width="240px",
                                  id="user-responder"),
                rx.select.content(rx.foreach(S.roster, lambda r: rx.select.item(
                    r["label"], value=r["id"]))),
                value=S.new_responder_id, on_change=S.set_new_responder_id, size="2")),
            rx.input(name="password", type="password", placeholder=f"Initial password "
                     f"({MIN_PASSWORD}+ characters)", required=True, width="240px",
                     id="user-password", auto_complete="new-password"),
            rx.button(rx.icon("user-plus", size=14), "Create user", type="submit",
                      loading=S.busy, id="user-create"),
            spacing="2", align="center", wrap="wrap"),
        rx.cond(S.form_error != "",
                rx.text(S.form_error, color_scheme="red", size="2", id="user-form-error")),
        on_submit=S.create, reset_on_submit=False, width="100%",
    )


def _disable_button(row: UserRow) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button("Disable", size="1", variant="soft", color_scheme="red",
                      class_name="user-disable",
                      disabled=row.user_id == AuthState.user_id,
                      title=rx.cond(row.user_id == AuthState.user_id,
                                    "You cannot disable your own account", "Disable"))),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Disable ", row.name, "?"),
            rx.alert_dialog.description(
                "They are signed out at once, on every screen, and cannot sign in until "
                "enabled again. Their name stays on the timelines."),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Disable", color_scheme="red",
                                                 class_name="user-disable-confirm",
                                                 on_click=S.set_disabled(row.user_id, True))),
                justify="end", spacing="2", margin_top="12px"),
            max_width="460px"),
    )


def _row(row: UserRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.name, size="2", weight="medium")),
        rx.table.cell(rx.text(row.email, size="2")),
        rx.table.cell(rx.badge(rx.match(row.role, *[(r, ROLE_LABELS[r]) for r in ROLES], row.role),
                               variant="soft", color_scheme="gray")),
        rx.table.cell(rx.cond(row.disabled,
                              rx.badge("Disabled", color_scheme="red", variant="solid"),
                              rx.badge("Active", color_scheme="green", variant="soft"))),
        rx.table.cell(clock_time(row.created)),
        rx.table.cell(rx.cond(
            row.disabled,
            rx.button("Enable", size="1", variant="soft", color_scheme="green",
                      class_name="user-enable", on_click=S.set_disabled(row.user_id, False)),
            _disable_button(row))),
        id="user-" + row.user_id, data_email=row.email,
        data_disabled=rx.cond(row.disabled, "yes", "no"),
    )


def users_section() -> rx.Component:
    return rx.vstack(
        rx.text("People who sign in to the dashboard. Give them their initial password in "
                "person; what they may do follows from their role.", size="2",
                color_scheme="gray"),
        _create_form(),
        rx.table.root(
            rx.table.header(rx.table.row(
                rx.table.column_header_cell("Name"),
                rx.table.column_header_cell("Email"),
                rx.table.column_header_cell("Role", width="120px"),
                rx.table.column_header_cell("Status", width="100px"),
                rx.table.column_header_cell("Created", width="150px"),
                rx.table.column_header_cell("", width="100px"))),
            rx.table.body(rx.foreach(S.users, _row)),
            size="1", variant="surface", width="100%", id="users-table"),
        spacing="3", width="100%", id="users-section",
    )
