"""Admin › Safe zones: the list and a create form.

`domain/threat/safe_zones.py` creates (and emits `safe_zone.created`, which
the threat map follows); it has no edit or delete yet, so neither has this
section.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.threat import safe_zones
from sety_dashboard.domain.threat.safe_zones import CreateSafeZoneRequest
from sety_dashboard.domain.users.permissions import is_admin
from sety_dashboard.ui.state.admin_section import AdminSection
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.fields import TypedFields
from sety_dashboard.ui.viewmodels.admin_rows import ZoneRow

ZONES_SHOWN = 500
ZONE_FIELDS = ("zone-name", "zone-lat", "zone-lng", "zone-address", "zone-phone")


def _read() -> tuple[list[ZoneRow], int]:
    with read_session() as session:
        zones = safe_zones.safe_zones_in_box(session, min_lat=-90, min_lng=-180, max_lat=90,
                                             max_lng=180)
    zones.sort(key=lambda z: (z.name.lower(), z.id))
    return [ZoneRow(safe_zone_id=z.id, name=z.name, kind=z.kind,
                    place=z.address or f"{z.lat:.5f}, {z.lng:.5f}", open_24h=z.open_24h,
                    phone=z.phone or "") for z in zones[:ZONES_SHOWN]], len(zones)


def _number(form: dict[str, Any], key: str, label: str) -> float:
    raw = str(form.get(key) or "").strip().replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        raise ValidationFailed(f"{label} must be a number", key, "invalid") from None


def _create(session: Any, form: dict[str, Any], kind: str, open_24h: bool) -> str:
    lat, lng = _number(form, "lat", "Latitude"), _number(form, "lng", "Longitude")
    address = str(form.get("address") or "").strip() or None
    request = CreateSafeZoneRequest(
        name=str(form.get("name") or ""), kind=kind, open_24h=open_24h,
        phone=str(form.get("phone") or "").strip() or None,
        location={"coordinates": [lng, lat], "address": address})
    return safe_zones.create_safe_zone(session, request=request).name


class SafeZonesState(TypedFields, AdminSection, AuthState):
    def _typed_fields(self) -> tuple[str, ...]:
        return ("new_kind",)

    zones: list[ZoneRow] = []
    total: int = 0
    new_kind: str = "police"
    new_open_24h: bool = True

    async def _read_section(self) -> None:
        self.zones, self.total = await asyncio.to_thread(_read)

    def _forget(self) -> None:
        self.zones = []

    @rx.event
    def set_new_open_24h(self, value: bool):
        self.new_open_24h = value

    @rx.event
    async def create(self, form: dict[str, Any]):
        kind, open_24h = self.new_kind, self.new_open_24h
        self.form_error = ""
        self.busy = True
        yield
        name = await self.act(is_admin, lambda s, a: _create(s, form, kind, open_24h))
        self.busy = False
        if name is None:
            self.form_error = self.action_error
            yield self.refused()
            return
        self.zones, self.total = await asyncio.to_thread(_read)
        yield [rx.set_value(f, "") for f in ZONE_FIELDS]
        yield rx.toast.success(f"Safe zone {name} added; it shows on the threat map.")
