"""Responder roster requests."""

from __future__ import annotations

from pydantic import Field

from sety_dashboard.domain.common import GeoPoint, Name, OptName, Phone, StrictModel


class CreateResponderRequest(StrictModel):
    name: Name
    phone: Phone = None
    role: OptName = None
    unit: OptName = None
    on_duty: bool = True
    location: GeoPoint | None = None


class UpdateResponderRequest(StrictModel):
    name: Name | None = None
    phone: Phone = None
    role: OptName = None
    unit: OptName = None
    on_duty: bool | None = None
    location: GeoPoint | None = Field(default=None)
