"""Dashboard users and their sign-in sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from sety_dashboard.core.types import UTCDateTime


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: str = Field(primary_key=True, max_length=40)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=32)
    password_hash: str = Field(max_length=256)
    disabled: bool = Field(default=False)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # Set at each successful sign-in (admin › users shows it).
    last_sign_in_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class UserSession(SQLModel, table=True):
    """A signed-in browser. The token itself is never stored, only its hash."""

    __tablename__ = "user_sessions"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(sa_column=Column(String(40), ForeignKey("users.id"), nullable=False, index=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
