"""Incident tables: the incident, its append-only timeline, its assignments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from sety_dashboard.core.types import UTCDateTime


def _ts(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime, nullable=nullable, index=index))


class Incident(SQLModel, table=True):
    __tablename__ = "incidents"
    __table_args__ = (
        # Idempotent create: the database, not a check-then-insert, refuses a
        # second incident for the same owner and key.
        UniqueConstraint("owner", "idempotency_key", name="uq_incident_idempotency"),
        Index("ix_incidents_status_created", "status", "created_at"),
        Index("ix_incidents_drill_created", "is_drill", "created_at"),
    )

    id: str = Field(primary_key=True, max_length=40)
    owner: str = Field(max_length=64)
    idempotency_key: str | None = Field(default=None, max_length=255)
    request_hash: str | None = Field(default=None, max_length=64)
    category: str = Field(max_length=32, index=True)
    severity: str = Field(max_length=16, index=True)
    status: str = Field(max_length=16)
    subject: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    # Copies of subject fields that `q` searches, lower-cased, so search is
    # one indexed-column LIKE instead of JSON digging that differs by dialect.
    search_text: str = Field(default="", sa_column=Column(String(2000), nullable=False))
    title: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    lng: float
    lat: float
    address: str | None = Field(default=None, max_length=500)
    landmark: str | None = Field(default=None, max_length=500)
    site: str | None = Field(default=None, max_length=200, index=True)
    resolution_outcome: str | None = Field(default=None, max_length=32)
    resolution_notes: str | None = Field(default=None, max_length=5000)
    is_drill: bool = Field(default=False)
    # SLA, frozen at creation.
    sla_policy: str = Field(max_length=16)
    acknowledge_due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    dispatch_due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    resolve_due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    acknowledged_at: datetime | None = _ts()
    dispatched_at: datetime | None = _ts()
    # Which stages already have their one `sla_breached` timeline entry.
    acknowledge_breach_noted: bool = Field(default=False)
    dispatch_breach_noted: bool = Field(default=False)
    resolve_breach_noted: bool = Field(default=False)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    resolved_at: datetime | None = _ts()
    cancelled_at: datetime | None = _ts()
    # H3 cells of the location at every resolution the heatmap offers (see
    # geo/cells.py). Not indexed one by one: threat queries seek the covering
    # index (h3_r8, created_at, …, h3_r11, lat, lng) and derive any coarser
    # cell from h3_r11 (domain/threat/models.py, migration 0003_threat), which
    # keeps ingest cheap.
    h3_r5: int = Field(sa_column=Column(BigInteger, nullable=False))
    h3_r6: int = Field(sa_column=Column(BigInteger, nullable=False))
    h3_r7: int = Field(sa_column=Column(BigInteger, nullable=False))
    h3_r8: int = Field(sa_column=Column(BigInteger, nullable=False))
    h3_r9: int = Field(sa_column=Column(BigInteger, nullable=False))
    h3_r10: int = Field(sa_column=Column(BigInteger, nullable=False))
    h3_r11: int = Field(sa_column=Column(BigInteger, nullable=False))


class TimelineEntry(SQLModel, table=True):
    __tablename__ = "incident_timeline"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    incident_id: str = Field(
        sa_column=Column(String(40), ForeignKey("incidents.id"), nullable=False, index=True)
    )
    event: str = Field(max_length=32)
    status: str = Field(max_length=16)
    message: str = Field(default="", max_length=5000)
    actor: str = Field(max_length=64)
    actor_name: str | None = Field(default=None, max_length=200)
    timestamp: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class Assignment(SQLModel, table=True):
    __tablename__ = "incident_assignments"

    id: str = Field(primary_key=True, max_length=40)
    incident_id: str = Field(
        sa_column=Column(String(40), ForeignKey("incidents.id"), nullable=False, index=True)
    )
    responder_id: str = Field(
        sa_column=Column(String(40), ForeignKey("responders.id"), nullable=False, index=True)
    )
    status: str = Field(max_length=16)
    eta_s: int | None = None
    note: str | None = Field(default=None, max_length=5000)
    assigned_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # The unit confirmed it got the assignment (the /me page's Accept).
    accepted_at: datetime | None = _ts()
    # The unit asked for backup (last time it did).
    backup_requested_at: datetime | None = _ts()
    en_route_at: datetime | None = _ts()
    on_scene_at: datetime | None = _ts()
    released_at: datetime | None = _ts()
