"""Webhook test helpers: endpoints, one worker turn at a time, reading rows back."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.webhooks import service
from sety_dashboard.webhooks.models import WebhookDelivery, WebhookEndpoint
from sety_dashboard.webhooks.schemas import CreateWebhookRequest
from sety_dashboard.webhooks.worker import WebhookWorker


def make_endpoint(url: str, events: list[str] | None = None) -> tuple[str, str]:
    """(endpoint_id, secret)"""
    with write_session() as session:
        ep, secret = service.create_endpoint(
            session, request=CreateWebhookRequest(url=url, events=events or ["*"]))
        return ep.id, secret


def turn(worker: WebhookWorker | None = None) -> int:
    """One worker turn: fan out, send everything due, record it."""
    return asyncio.run((worker or WebhookWorker("test-worker")).run_once())


def deliveries(endpoint_id: str | None = None) -> list[WebhookDelivery]:
    with read_session() as session:
        stmt = select(WebhookDelivery).order_by(WebhookDelivery.event_seq)
        if endpoint_id:
            stmt = stmt.where(WebhookDelivery.endpoint_id == endpoint_id)
        return list(session.execute(stmt).scalars())


def endpoint(endpoint_id: str) -> WebhookEndpoint:
    with read_session() as session:
        return session.get(WebhookEndpoint, endpoint_id)
