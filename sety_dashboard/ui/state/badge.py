"""A printable visitor badge (`/badge/<log_id>`): name, host, site, valid
until, and the access code as a QR code and as text. Opened from the
check-in row of the visitor board and after a kiosk check-in."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.access import desk, service
from sety_dashboard.domain.access.models import AccessCode
from sety_dashboard.domain.errors import NotFound
from sety_dashboard.domain.users.permissions import can_use_visitor_board
from sety_dashboard.ui.badge_qr import qr_svg_data_uri
from sety_dashboard.ui.state.auth import AuthState


def _read(log_id: str, user_id: str, role: str | None) -> dict[str, Any] | None:
    with read_session() as session:
        try:
            log = service.get_log(session, log_id)
        except NotFound:
            return None
        if not desk.may_see_visit(role, desk.desk_site(session, user_id), log.site):
            return None
        code = session.get(AccessCode, log.code_id) if log.code_id else None
        return {"name": log.visitor_name, "host": log.host_name or "", "site": log.site or "",
                "valid_until": iso(log.overstay_at) or "", "code": code.code if code else "",
                "log_id": log.id}


class BadgeState(AuthState):
    found: bool = False
    name: str = ""
    host: str = ""
    site: str = ""
    valid_until: str = ""
    code: str = ""
    qr: str = ""
    tz: str = "UTC"

    @rx.event
    async def load(self):
        self.found = False
        actor = await self.admit(can_use_visitor_board)
        if actor is None:
            return self.refused()
        self.tz = get_settings().timezone
        log_id = str(self.router.page.params.get("log_id", ""))
        badge = await asyncio.to_thread(_read, log_id, actor.id, actor.role)
        if badge is None:
            return None
        self.name, self.host, self.site = badge["name"], badge["host"], badge["site"]
        self.valid_until, self.code = badge["valid_until"], badge["code"]
        # A walk-in has no code: the QR names the visit instead.
        self.qr = qr_svg_data_uri(badge["code"] or f"SETY-VISIT:{badge['log_id']}")
        self.found = True
        return None
