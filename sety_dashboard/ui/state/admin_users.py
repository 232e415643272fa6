"""Admin › Users: list, create (with an initial password), disable / enable,
change a role, reset a password (a temporary one, shown once), sign a user
out everywhere, and when each last signed in.

Rules (unique email, known role, password length, not disabling or demoting
yourself or the last admin, sessions ending) live in `domain/users/`
(`service.py`, `accounts.py`); every handler runs through `act(is_admin, …)`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.responders.service import list_responders
from sety_dashboard.domain.users import accounts, service
from sety_dashboard.domain.users.permissions import is_admin
from sety_dashboard.domain.users.service import CreateUserRequest
from sety_dashboard.ui.state.admin_section import AdminSection
from sety_dashboard.ui.state.auth import ROLE_LABELS, AuthState
from sety_dashboard.ui.state.fields import TypedFields
from sety_dashboard.ui.viewmodels.admin_rows import UserRow, user_row

USER_FIELDS = ("user-name", "user-email", "user-password")


def _read() -> list[UserRow]:
    with read_session() as session:
        return [user_row(service.user_view(u)) for u in service.list_users(session)]


def _read_roster() -> list[dict[str, str]]:
    """Roster entries for a responder account (the form's picker)."""
    with read_session() as session:
        rows, _ = list_responders(session, on_duty=None, page=1, limit=500)
        return [{"id": r.id, "label": f"{r.name} ({r.id})"} for r in rows]


class UsersState(TypedFields, AdminSection, AuthState):
    def _typed_fields(self) -> tuple[str, ...]:
        return ("new_role", "new_responder_id")

    users: list[UserRow] = []
    new_role: str = "dispatcher"
    # For the responder role: which roster entry the account is.
    roster: list[dict[str, str]] = []
    new_responder_id: str = ""
    # The temporary password of the last reset, shown once (kept in this
    # tab's state only until dismissed; never stored in clear anywhere).
    temp_password: str = ""
    temp_password_for: str = ""

    async def _read_section(self) -> None:
        self.users = await asyncio.to_thread(_read)
        self.roster = await asyncio.to_thread(_read_roster)

    def _forget(self) -> None:
        self.users = []
        self.temp_password = self.temp_password_for = ""

    @rx.event
    async def create(self, form: dict[str, Any]):
        role = self.new_role
        responder_id = self.new_responder_id if role == "responder" else None
        self.form_error = ""
        self.busy = True
        yield
        user = await self.act(is_admin, lambda s, a: service.create_user(s, request=CreateUserRequest(
            name=str(form.get("name") or ""), email=str(form.get("email") or "").strip(),
            role=role, password=str(form.get("password") or ""),
            responder_id=responder_id)).email)
        self.busy = False
        if user is None:
            self.form_error = self.action_error
            yield self.refused()
            return
        self.users = await asyncio.to_thread(_read)
        yield [rx.set_value(f, "") for f in USER_FIELDS]
        yield rx.toast.success(f"User {user} created; they can sign in now.")

    @rx.event
    async def set_disabled(self, user_id: str, disabled: bool):
        return await self._change_account(
            lambda s, a: service.set_disabled(s, user_id=user_id, disabled=disabled, actor=a),
            "{} is disabled and signed out everywhere." if disabled else "{} can sign in again.")

    @rx.event
    async def change_role(self, user_id: str, role: str):
        return await self._change_account(
            lambda s, a: accounts.change_role(s, user_id=user_id, role=role, actor=a),
            "{} is now " + ROLE_LABELS.get(role, role) + ".")

    async def _change_account(self, work: Any, done: str) -> Any:
        """Change one account (`work` returns the user), show the list as it
        now is, refused or not, and say `done` with the user's name."""
        name = await self.act(is_admin, lambda s, a: work(s, a).name)
        self.users = await asyncio.to_thread(_read)
        if name is None:
            return self.refused()
        return rx.toast.success(done.format(name))

    @rx.event
    async def reset_password(self, user_id: str):
        done = await self.act(is_admin, lambda s, a: (
            lambda pair: (pair[0].name, pair[1]))(accounts.reset_password(
                s, user_id=user_id, actor=a)))
        if done is None:
            return self.refused()
        self.temp_password_for, self.temp_password = done
        return rx.toast.success(f"{done[0]}'s password was reset; they are signed out.")

    @rx.event
    def dismiss_temp_password(self):
        self.temp_password = self.temp_password_for = ""

    @rx.event
    async def end_sessions(self, user_id: str, name: str):
        ended = await self.act(is_admin, lambda s, a: accounts.end_sessions(s, user_id=user_id))
        if ended is None:
            return self.refused()
        return rx.toast.success(f"{name} is signed out everywhere ({ended} session"
                                f"{'' if ended == 1 else 's'} ended).")
