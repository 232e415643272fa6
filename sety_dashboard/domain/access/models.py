"""Access tables: codes issued to visitors, visits (the access log), refused
attempts, and who was accounted for in an emergency muster."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from sety_dashboard.core.types import UTCDateTime


def _ts(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime, nullable=nullable, index=index))


class AccessCode(SQLModel, table=True):
    """A code a visitor presents at a desk or kiosk.

    There is no status column: `active`/`expired`/`exhausted` follow from
    the clock and `uses`, so they can never be stale (see codes.py).
    """

    __tablename__ = "access_codes"
    __table_args__ = (
        Index("ix_access_codes_code_key", "code_key"),
        Index("ix_access_codes_created", "created_at", "id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    # As issued (shown back as given) and upper-cased (what lookups compare),
    # so "ab12cd" typed at a kiosk finds "AB12CD".
    code: str = Field(max_length=12)
    code_key: str = Field(max_length=12)
    visitor_name: str = Field(max_length=200)
    visitor_phone: str | None = Field(default=None, max_length=32)
    visitor_email: str | None = Field(default=None, max_length=254)
    host_name: str | None = Field(default=None, max_length=200)
    purpose: str | None = Field(default=None, max_length=200)
    site: str | None = Field(default=None, max_length=200, index=True)
    valid_from: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    valid_until: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))
    max_uses: int = Field(default=1)
    uses: int = Field(default=0)
    last_used_at: datetime | None = _ts()
    revoked_at: datetime | None = _ts()
    revoked_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_by: str = Field(max_length=64)


class AccessLog(SQLModel, table=True):
    """One visit: checked in, and later checked out."""

    __tablename__ = "access_logs"
    __table_args__ = (
        Index("ix_access_logs_status_site", "status", "site"),
        Index("ix_access_logs_check_in", "check_in_at", "id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    visitor_name: str = Field(max_length=200)
    visitor_phone: str | None = Field(default=None, max_length=32)
    host_name: str | None = Field(default=None, max_length=200)
    purpose: str | None = Field(default=None, max_length=200)
    site: str | None = Field(default=None, max_length=200, index=True)
    method: str = Field(max_length=16)
    code_id: str | None = Field(
        default=None,
        sa_column=Column(String(40), ForeignKey("access_codes.id"), nullable=True, index=True))
    status: str = Field(max_length=16)
    check_in_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    check_out_at: datetime | None = _ts()
    duration_s: int | None = None
    notes: str | None = Field(default=None, max_length=5000)
    # When this visit becomes an overstay: the code's valid_until, or 12 h
    # after a walk-in's check-in. Fixed at check-in so it is filterable.
    overstay_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # Lower-cased name, phone, host, purpose, site and code: what `q` searches.
    search_text: str = Field(default="", sa_column=Column(String(1200), nullable=False))
    checked_in_by: str = Field(max_length=64)
    checked_in_by_name: str | None = Field(default=None, max_length=200)
    checked_out_by: str | None = Field(default=None, max_length=64)
    checked_out_by_name: str | None = Field(default=None, max_length=200)


class AccessDenial(SQLModel, table=True):
    """A refused check-in: kept so stats can count denied attempts."""

    __tablename__ = "access_denials"

    id: int | None = Field(default=None,
                           sa_column=Column(Integer, primary_key=True, autoincrement=True))
    code: str = Field(max_length=64)
    code_id: str | None = Field(default=None, max_length=40)
    reason: str = Field(max_length=16)
    site: str | None = Field(default=None, max_length=200, index=True)
    visitor_name: str | None = Field(default=None, max_length=200)
    attempted_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))
    actor: str = Field(max_length=64)


class MusterMark(SQLModel, table=True):
    """"This visitor is accounted for" during one incident (at most once)."""

    __tablename__ = "muster_marks"
    __table_args__ = (UniqueConstraint("incident_id", "log_id", name="uq_muster_mark"),)

    id: int | None = Field(default=None,
                           sa_column=Column(Integer, primary_key=True, autoincrement=True))
    incident_id: str = Field(
        sa_column=Column(String(40), ForeignKey("incidents.id"), nullable=False, index=True))
    log_id: str = Field(
        sa_column=Column(String(40), ForeignKey("access_logs.id"), nullable=False))
    marked_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    actor: str = Field(max_length=64)
    actor_name: str | None = Field(default=None, max_length=200)


class DeskSite(SQLModel, table=True):
    """The site a front-desk user's desk (or kiosk tablet) stands in: chosen
    once, remembered on the server so every browser of that desk agrees."""

    __tablename__ = "desk_sites"

    user_id: str = Field(
        sa_column=Column(String(40), ForeignKey("users.id"), primary_key=True))
    site: str = Field(max_length=200)
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
