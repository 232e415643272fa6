"""Dashboard users and their sign-in sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String
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
    # For the `responder` role: the roster entry this person is (their
    # assignments are the only incidents they see).
    responder_id: str | None = Field(default=None, max_length=40, index=True)
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


class SignInAttempt(SQLModel, table=True):
    """One dashboard sign-in attempt, kept for throttling (see users/throttle.py)."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        Index("ix_sign_in_attempts_email_at", "email", "at"),
        Index("ix_sign_in_attempts_client_at", "client", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    client: str = Field(max_length=64)
    succeeded: bool
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
