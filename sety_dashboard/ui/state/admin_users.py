"""Admin › Users: list, create (with an initial password), disable / enable.

Rules (unique email, known role, password length, not disabling yourself or
the last admin, a disabled user's sessions ending) live in
`domain/users/service.py`; every handler runs through `act(is_admin, …)`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.responders.service import list_responders
from sety_dashboard.domain.users import service
from sety_dashboard.domain.users.permissions import is_admin
from sety_dashboard.domain.users.service import CreateUserRequest
from sety_dashboard.ui.state.auth import AuthState

USER_FIELDS = ("user-name", "user-email", "user-password")


@dataclass
class UserRow:
    user_id: str = ""
    name: str = ""
    email: str = ""
    role: str = ""
    disabled: bool = False
    created: str = ""
    responder_id: str = ""


def _read() -> list[UserRow]:
    with read_session() as session:
        return [UserRow(user_id=u.id, name=u.name, email=u.email, role=u.role,
                        disabled=u.disabled, created=service.user_view(u)["created_at"] or "",
                        responder_id=u.responder_id or "")
                for u in service.list_users(session)]


def _read_roster() -> list[dict[str, str]]:
    """Roster entries for a responder account (the form's picker)."""
    with read_session() as session:
        rows, _ = list_responders(session, on_duty=None, page=1, limit=500)
        return [{"id": r.id, "label": f"{r.name} ({r.id})"} for r in rows]


class UsersState(AuthState):
    loaded: bool = False
    users: list[UserRow] = []
    new_role: str = "dispatcher"
    # For the responder role: which roster entry the account is.
    roster: list[dict[str, str]] = []
    new_responder_id: str = ""
    form_error: str = ""
    busy: bool = False

    @rx.event
    async def load(self):
        self.loaded = False
        if await self.admit(is_admin) is None:
            return self.refused()
        await self._load()
        return None

    async def _load(self) -> None:
        """Read the section (the caller has admitted an admin)."""
        self.users = await asyncio.to_thread(_read)
        self.roster = await asyncio.to_thread(_read_roster)
        self.loaded = True

    def _clear_page(self) -> None:
        self.loaded = False
        self.users = []

    @rx.event
    def set_new_role(self, value: str):
        self.new_role = value

    @rx.event
    def set_new_responder_id(self, value: str):
        self.new_responder_id = value

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
        done = await self.act(is_admin, lambda s, a: service.set_disabled(
            s, user_id=user_id, disabled=disabled, actor=a).name)
        self.users = await asyncio.to_thread(_read)
        if done is None:
            return self.refused()
        if disabled:
            return rx.toast.success(f"{done} is disabled and signed out everywhere.")
        return rx.toast.success(f"{done} can sign in again.")
