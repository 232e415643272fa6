"""Webhook tables: endpoints, their deliveries, and the fan-out cursor."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from sety_dashboard.core.types import UTCDateTime


class WebhookEndpoint(SQLModel, table=True):
    __tablename__ = "webhook_endpoints"

    id: str = Field(primary_key=True, max_length=40)
    url: str = Field(max_length=2048)
    events: list[str] = Field(sa_column=Column(JSON, nullable=False))
    description: str | None = Field(default=None, max_length=5000)
    # The signing secret must be readable to sign with (like Stripe's), so it
    # is stored as is; it never leaves the server after creation.
    secret: str = Field(max_length=80)
    status: str = Field(default="active", max_length=16, index=True)
    disabled_reason: str | None = Field(default=None, max_length=500)
    disabled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # Failed attempts in a row since the last success (any delivery).
    failure_count: int = Field(default=0)
    last_success_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    last_failure_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # Events with a seq above this are delivered: those written after the
    # endpoint was created (or last re-enabled), never older ones.
    since_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # The API key that created or last changed the endpoint: deliveries follow
    # its read scopes (None: set up from the dashboard, where only admins may).
    owner_key_id: str | None = Field(default=None, max_length=40)


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint, and how sending it has gone so far."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id", name="uq_delivery_endpoint_event"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
        Index("ix_deliveries_endpoint_created", "endpoint_id", "created_at"),
    )

    id: str = Field(primary_key=True, max_length=40)
    endpoint_id: str = Field(sa_column=Column(String(40), ForeignKey("webhook_endpoints.id"),
                                              nullable=False))
    event_id: str = Field(sa_column=Column(String(40), ForeignKey("events.id"), nullable=False))
    event_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    event_type: str = Field(max_length=64)
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0)
    response_status: int | None = None
    response_body: str | None = Field(default=None, max_length=2000)
    last_error: str | None = Field(default=None, max_length=1000)
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # A worker that claimed the delivery holds it until lease_until; after
    # that (the worker died) another may take it.
    lease_owner: str | None = Field(default=None, max_length=100)
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    first_attempt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    last_attempt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class WebhookCursor(SQLModel, table=True):
    """The last event seq already fanned out into deliveries (one row)."""

    __tablename__ = "webhook_cursor"

    name: str = Field(primary_key=True, max_length=32)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))
