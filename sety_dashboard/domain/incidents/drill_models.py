"""Tables of the supervisor's side: drills planned for later, and the notes
one shift leaves for the next."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from sety_dashboard.core.types import UTCDateTime


class ScheduledDrill(SQLModel, table=True):
    """A drill planned for `starts_at`; the drill scheduler starts it then.

    `status`: planned → started (with `incident_id`) or cancelled. Only a
    conditional UPDATE from planned moves it on, so two workers never start
    the same drill twice (domain/incidents/drill_schedule.py).
    """

    __tablename__ = "scheduled_drills"
    __table_args__ = (Index("ix_scheduled_drills_status_starts", "status", "starts_at"),)

    id: str = Field(primary_key=True, max_length=40)
    template: str = Field(max_length=32)
    site: str | None = Field(default=None, max_length=200)
    title: str = Field(max_length=200)
    # Where the drill happens (copied from the site or typed at planning).
    lng: float
    lat: float
    address: str | None = Field(default=None, max_length=500)
    description: str | None = Field(default=None, max_length=5000)
    status: str = Field(max_length=16)
    starts_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_by: str = Field(max_length=64)
    created_by_name: str = Field(max_length=200)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    incident_id: str | None = Field(default=None, sa_column=Column(String(40)))
    failure: str | None = Field(default=None, max_length=500)


class ShiftNote(SQLModel, table=True):
    """A note left at shift handover for the next shift."""

    __tablename__ = "shift_notes"

    id: str = Field(primary_key=True, max_length=40)
    message: str = Field(max_length=5000)
    author: str = Field(max_length=64)
    author_name: str = Field(max_length=200)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))
