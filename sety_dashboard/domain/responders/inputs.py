"""Responder roster requests."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sety_dashboard.domain.common import Flag, GeoPoint, Name, OptName, Phone, StrictModel

# The roster stores a role in 64 characters.
Role = Annotated[str | None, Field(default=None, max_length=64)]


class CreateResponderRequest(StrictModel):
    name: Name
    phone: Phone = None
    role: Role = None
    unit: OptName = None
    on_duty: Flag = True
    location: GeoPoint | None = None


class UpdateResponderRequest(StrictModel):
    """PATCH: only the fields sent change. `name` and `on_duty` cannot be null
    (their default None means "not sent"); phone, role, unit and location can
    be cleared with null."""

    name: Name = None  # type: ignore[assignment]
    phone: Phone = None
    role: Role = None
    unit: OptName = None
    on_duty: Flag = None  # type: ignore[assignment]
    location: GeoPoint | None = Field(default=None)
