"""Admin › API keys: list, create (the secret shown once), revoke.

The secret exists only in the `create_key` result: it is kept in this tab's
state until the admin dismisses it (or leaves the page), never re-read.
Everything goes through `domain/keys/service.py` inside `act(is_admin, …)`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.keys import service
from sety_dashboard.domain.keys.read_model import key_view
from sety_dashboard.domain.keys.service import CreateApiKeyRequest
from sety_dashboard.domain.users.permissions import is_admin
from sety_dashboard.ui.state.admin_section import AdminSection
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.viewmodels.admin_rows import KeyRow, key_row

KEYS_SHOWN = 200


def _read() -> tuple[list[KeyRow], int]:
    with read_session() as session:
        keys, total = service.list_keys(session, page=1, limit=KEYS_SHOWN)
        return [key_row(key_view(k)) for k in keys], total


def _create(session: Any, name: str, scopes: list[str]) -> tuple[str, str]:
    key, secret = service.create_key(session, request=CreateApiKeyRequest(name=name,
                                                                          scopes=scopes))
    return key.name, secret


class KeysState(AdminSection, AuthState):
    keys: list[KeyRow] = []
    total: int = 0
    new_scopes: list[str] = []
    # The new key's secret: shown this once, until dismissed.
    new_secret: str = ""
    new_secret_name: str = ""

    async def _read_section(self) -> None:
        """A secret still on screen from before is dropped: it is shown once."""
        self.new_secret = ""
        self.keys, self.total = await asyncio.to_thread(_read)

    def _forget(self) -> None:
        self.keys = []
        self.new_secret = ""

    @rx.event
    def toggle_scope(self, scope: str, checked: bool):
        if checked and scope not in self.new_scopes and scope in service.SCOPES:
            self.new_scopes = [*self.new_scopes, scope]
        elif not checked:
            self.new_scopes = [s for s in self.new_scopes if s != scope]

    @rx.event
    async def create(self, form: dict[str, Any]):
        scopes = list(self.new_scopes)
        self.form_error = ""
        if not scopes:
            self.form_error = "Pick at least one scope."
            return
        self.busy = True
        yield
        created = await self.act(is_admin, lambda s, a: _create(s, str(form.get("name") or ""),
                                                                  scopes))
        self.busy = False
        if created is None:
            self.form_error = self.action_error
            yield self.refused()
            return
        name, secret = created
        self.new_secret, self.new_secret_name = secret, name
        self.new_scopes = []
        self.keys, self.total = await asyncio.to_thread(_read)
        yield rx.set_value("key-name", "")

    @rx.event
    def dismiss_secret(self):
        self.new_secret = ""
        self.new_secret_name = ""

    @rx.event
    async def revoke(self, key_id: str):
        done = await self.act(is_admin, lambda s, a: service.revoke_key(s, key_id).name)
        self.keys, self.total = await asyncio.to_thread(_read)
        if done is None:
            return self.refused()
        return rx.toast.success(f"Key “{done}” revoked; it stops working on its next request.")
