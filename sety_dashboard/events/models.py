"""The event log: one row per domain change, numbered without gaps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field, SQLModel

from sety_dashboard.core.types import UTCDateTime


class EventRecord(SQLModel, table=True):
    __tablename__ = "events"

    id: str = Field(primary_key=True, max_length=40)
    seq: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False, index=True))
    type: str = Field(max_length=64, index=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class EventCounter(SQLModel, table=True):
    """A single row whose value is the last `seq` handed out.

    Incrementing it takes a row lock held until commit, so event numbers are
    handed out in commit order and a rolled-back transaction gives its number
    back: `seq` is gap-free and a reader never sees N+1 before N.
    """

    __tablename__ = "event_counter"

    name: str = Field(primary_key=True, max_length=32)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))
