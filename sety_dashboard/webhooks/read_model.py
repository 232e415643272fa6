"""A webhook endpoint and a delivery as the API and the dashboard see them.

Typed once here (TypedDicts: plain dicts at run time); the API names them
as its response models, the dashboard adapts them to its rows.
"""

from __future__ import annotations

from typing_extensions import TypedDict  # pydantic reads only this one on Python < 3.12

from sety_dashboard.core.timefmt import iso
from sety_dashboard.webhooks.models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointView(TypedDict):
    """An endpoint, never with its signing secret."""

    endpoint_id: str
    url: str
    events: list[str]
    description: str | None
    status: str
    disabled_reason: str | None
    disabled_at: str | None
    failure_count: int
    last_success_at: str | None
    last_failure_at: str | None
    created_at: str
    updated_at: str


class WebhookDeliveryView(TypedDict):
    delivery_id: str
    endpoint_id: str
    event_id: str
    event_type: str
    event_seq: int
    status: str
    attempts: int
    response_status: int | None
    response_body: str | None
    last_error: str | None
    next_attempt_at: str | None
    last_attempt_at: str | None
    created_at: str
    delivered_at: str | None


def endpoint_view(ep: WebhookEndpoint) -> WebhookEndpointView:
    return {"endpoint_id": ep.id, "url": ep.url, "events": ep.events,
            "description": ep.description, "status": ep.status,
            "disabled_reason": ep.disabled_reason, "disabled_at": iso(ep.disabled_at),
            "failure_count": ep.failure_count, "last_success_at": iso(ep.last_success_at),
            "last_failure_at": iso(ep.last_failure_at), "created_at": iso(ep.created_at),
            "updated_at": iso(ep.updated_at)}


def delivery_view(d: WebhookDelivery) -> WebhookDeliveryView:
    return {"delivery_id": d.id, "endpoint_id": d.endpoint_id, "event_id": d.event_id,
            "event_type": d.event_type, "event_seq": d.event_seq, "status": d.status,
            "attempts": d.attempts, "response_status": d.response_status,
            "response_body": d.response_body, "last_error": d.last_error,
            "next_attempt_at": iso(d.next_attempt_at), "last_attempt_at": iso(d.last_attempt_at),
            "created_at": iso(d.created_at), "delivered_at": iso(d.delivered_at)}
