"""The responder roster."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from sety_dashboard.core.types import UTCDateTime


class Responder(SQLModel, table=True):
    __tablename__ = "responders"

    id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    phone: str | None = Field(default=None, max_length=32)
    role: str | None = Field(default=None, max_length=64)
    unit: str | None = Field(default=None, max_length=200)
    on_duty: bool = Field(default=True, index=True)
    lng: float | None = None
    lat: float | None = None
    # When lng/lat were last set (a phone reporting, or a dispatcher).
    location_updated_at: datetime | None = Field(default=None,
                                                 sa_column=Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
