"""Safe zones: places a person in danger can go (police, hospitals, …)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from sety_dashboard.core.types import UTCDateTime
from sety_dashboard.domain.incidents.models import Incident

SAFE_ZONE_KINDS = ("police", "hospital", "fire_station", "security_post", "safe_haven")


class SafeZone(SQLModel, table=True):
    __tablename__ = "safe_zones"
    # Nearby look-ups are a latitude band, then an exact distance: safe zones
    # number in the hundreds, not millions.
    __table_args__ = (Index("ix_safe_zones_lat_lng", "lat", "lng"),)

    id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=32)
    lng: float
    lat: float
    address: str | None = Field(default=None, max_length=500)
    open_24h: bool = Field(default=True)
    phone: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


# Covering indexes on incidents for threat queries (made by migration
# 0003_threat; declared here so the metadata matches the schema).
_inc = Incident.__table__
Index("ix_incidents_threat_area", _inc.c.h3_r8, _inc.c.created_at, _inc.c.is_drill,
      _inc.c.severity, _inc.c.category, _inc.c.h3_r11, _inc.c.lat, _inc.c.lng)
Index("ix_incidents_threat_time", _inc.c.is_drill, _inc.c.created_at, _inc.c.severity,
      _inc.c.category, _inc.c.h3_r11)
