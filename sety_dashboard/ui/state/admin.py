"""The admin page's one guard: admit admins once, then load every section.

One `on_load` handler, not one per section: each `admit` call decides the
page's "not allowed" panel, so a section with a wider rule (SLA policies are
also for supervisors) must not be the one that admits a supervisor here.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import is_admin
from sety_dashboard.ui.state.admin_keys import KeysState
from sety_dashboard.ui.state.admin_users import UsersState
from sety_dashboard.ui.state.admin_zones import SafeZonesState
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.sla_admin import SlaState

SECTIONS = (UsersState, KeysState, SafeZonesState, SlaState)


class AdminState(AuthState):
    loaded: bool = False

    @rx.event
    async def load(self):
        self.loaded = False
        if await self.admit(is_admin) is None:
            return self.refused()
        for section in SECTIONS:
            state = await self.get_state(section)
            await state._load()
        self.loaded = True
        return None

    def _clear_page(self) -> None:
        self.loaded = False
