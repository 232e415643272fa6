"""Webhook test helpers: endpoints, one worker turn at a time, reading rows back."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.webhooks import sender, service
from sety_dashboard.webhooks.inputs import CreateWebhookRequest
from sety_dashboard.webhooks.models import WebhookDelivery, WebhookEndpoint
from sety_dashboard.webhooks.worker import WebhookWorker


def make_endpoint(url: str, events: list[str] | None = None) -> tuple[str, str]:
    """(endpoint_id, secret)"""
    with write_session() as session:
        ep, secret = service.create_endpoint(
            session, request=CreateWebhookRequest(url=url, events=events or ["*"]))
        return ep.id, secret


async def _turn(worker: WebhookWorker) -> int:
    # The steps of the production loop (`WebhookWorker.run`): one `_turn`
    # (fan out, claim what is due, start the attempts), then wait for the
    # attempts it started and record them as the next turn would.
    clients = sender.EndpointClients(worker.per_endpoint)
    try:
        await worker._turn(clients)
        started = len(worker._in_flight)
        await asyncio.gather(*(task for _, task in worker._in_flight.values()),
                             return_exceptions=True)
        await worker._record_finished()
        return started
    finally:
        await clients.aclose()


def turn(worker: WebhookWorker | None = None) -> int:
    """One worker turn on the production path; returns the attempts it made."""
    return asyncio.run(_turn(worker or WebhookWorker("test-worker")))


def deliveries(endpoint_id: str | None = None) -> list[WebhookDelivery]:
    with read_session() as session:
        stmt = select(WebhookDelivery).order_by(WebhookDelivery.event_seq)
        if endpoint_id:
            stmt = stmt.where(WebhookDelivery.endpoint_id == endpoint_id)
        return list(session.execute(stmt).scalars())


def endpoint(endpoint_id: str) -> WebhookEndpoint:
    with read_session() as session:
        return session.get(WebhookEndpoint, endpoint_id)
