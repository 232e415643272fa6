"""Webhook endpoints and their delivery log: create (secret shown once), change,
delete, test with a ping, list deliveries, retry one by hand.

Each function runs inside the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.ids import new_id
from sety_dashboard.domain.errors import InvalidTransition, ValidationFailed
from sety_dashboard.domain.keys.models import ApiKey
from sety_dashboard.domain.rows import get_or_not_found, page_of
from sety_dashboard.events.log import last_seq, record_event
from sety_dashboard.webhooks.authority import check_may_subscribe
from sety_dashboard.webhooks.cursor import lock_cursor
from sety_dashboard.webhooks.inputs import CreateWebhookRequest, UpdateWebhookRequest
from sety_dashboard.webhooks.models import WebhookDelivery, WebhookEndpoint
from sety_dashboard.webhooks.notices import notify_after_commit
from sety_dashboard.webhooks.signing import new_secret
from sety_dashboard.webhooks.urlguard import UnsafeUrl, check_url_on_save

DELIVERY_STATUSES = ("pending", "succeeded", "retrying", "failed")


def _check_url(url: str) -> None:
    try:
        check_url_on_save(url)
    except UnsafeUrl as exc:
        raise ValidationFailed(f"url: {exc}", "url", exc.issue) from exc


def create_endpoint(session: Session, *, request: CreateWebhookRequest,
                    owner: ApiKey | None = None) -> tuple[WebhookEndpoint, str]:
    """The new endpoint and its signing secret (the only time it is returned).

    `owner` is the calling API key (None from the dashboard): it must be able
    to read every event type asked for, and deliveries follow its scopes
    (see authority.py)."""
    check_may_subscribe(owner, request.events)
    _check_url(request.url)
    lock_cursor(session)  # see cursor.py: since_seq must not pass the fan-out
    now = clock.now()
    secret = new_secret()
    ep = WebhookEndpoint(id=new_id("whk"), url=request.url, events=request.events,
                         description=request.description, secret=secret, status="active",
                         since_seq=last_seq(session), created_at=now, updated_at=now,
                         owner_key_id=owner.id if owner is not None else None)
    session.add(ep)
    notify_after_commit(session, ep.id)  # open admin tabs refresh
    session.flush()
    return ep, secret


def get_endpoint(session: Session, endpoint_id: str, for_update: bool = False) -> WebhookEndpoint:
    return get_or_not_found(session, WebhookEndpoint, endpoint_id, "webhook endpoint",
                            for_update=for_update)


def list_endpoints(session: Session, *, page: int, limit: int) -> tuple[list[WebhookEndpoint], int]:
    return page_of(session, select(WebhookEndpoint), WebhookEndpoint.created_at.desc(),
                   WebhookEndpoint.id.desc(), page=page, limit=limit)


def update_endpoint(session: Session, *, endpoint_id: str, request: UpdateWebhookRequest,
                    owner: ApiKey | None = None) -> WebhookEndpoint:
    """Apply a change. Whoever changes an endpoint vouches for it: `owner` (the
    calling key; None from the dashboard) must be able to read every event
    type it will receive, and becomes the key its deliveries follow."""
    sent = request.model_fields_set
    if "status" in sent and request.status == "active":
        lock_cursor(session)  # re-enabling moves since_seq; see cursor.py
    ep = get_endpoint(session, endpoint_id, for_update=True)
    check_may_subscribe(owner, request.events if request.events is not None else ep.events)
    ep.owner_key_id = owner.id if owner is not None else None
    now = clock.now()
    if request.url is not None:
        _check_url(request.url)
        ep.url = request.url
    if request.events is not None:
        ep.events = request.events
    if "description" in sent:
        ep.description = request.description
    if request.status == "disabled" and ep.status != "disabled":
        ep.status, ep.disabled_at, ep.disabled_reason = "disabled", now, "disabled by request"
    elif request.status == "active" and ep.status != "active":
        # Events written while it was disabled are not sent; deliveries still
        # waiting to be retried resume now.
        ep.status, ep.disabled_at, ep.disabled_reason = "active", None, None
        ep.failure_count = 0
        ep.since_seq = last_seq(session)
    ep.updated_at = now
    session.add(ep)
    notify_after_commit(session, ep.id)  # open admin tabs refresh
    return ep


def delete_endpoint(session: Session, endpoint_id: str) -> WebhookEndpoint:
    """Remove the endpoint and its delivery log; nothing more is sent to it."""
    ep = get_endpoint(session, endpoint_id, for_update=True)
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id))
    session.delete(ep)
    notify_after_commit(session, None)  # open admin tabs refresh
    session.flush()
    return ep


def send_ping(session: Session, endpoint_id: str) -> WebhookDelivery:
    """Write a `ping` event and a delivery of it to this endpoint only.

    Pings are sent even to a disabled endpoint: testing a repaired receiver
    before switching it back on is what they are for.
    """
    ep = get_endpoint(session, endpoint_id)
    now = clock.now()
    envelope = record_event(session, "ping", {
        "endpoint_id": ep.id, "url": ep.url,
        "message": "Ping from Sety: this endpoint receives signed webhook deliveries."})
    d = WebhookDelivery(id=new_id("dlv"), endpoint_id=ep.id, event_id=envelope["id"],
                        event_seq=envelope["seq"], event_type="ping", status="pending",
                        next_attempt_at=now, created_at=now, updated_at=now)
    session.add(d)
    notify_after_commit(session, endpoint_id)  # open admin tabs refresh
    session.flush()
    return d


def get_delivery(session: Session, endpoint_id: str, delivery_id: str,
                 for_update: bool = False) -> WebhookDelivery:
    return get_or_not_found(
        session, WebhookDelivery, delivery_id, "delivery", for_update=for_update,
        belongs=lambda d: d.endpoint_id == endpoint_id,
        message=f"delivery {delivery_id} of webhook endpoint {endpoint_id} not found")


def list_deliveries(session: Session, *, endpoint_id: str, page: int, limit: int,
                    status: list[str] | None = None) -> tuple[list[WebhookDelivery], int]:
    get_endpoint(session, endpoint_id)
    if status:
        unknown = [s for s in status if s not in DELIVERY_STATUSES]
        if unknown:
            raise ValidationFailed(f"status: unknown value(s) {', '.join(unknown)}; known: "
                                   f"{', '.join(DELIVERY_STATUSES)}", "status", "invalid_choice")
    where = [WebhookDelivery.endpoint_id == endpoint_id]
    if status:
        where.append(WebhookDelivery.status.in_(status))
    return page_of(session, select(WebhookDelivery).where(*where),
                   WebhookDelivery.created_at.desc(), WebhookDelivery.event_seq.desc(),
                   WebhookDelivery.id.desc(), page=page, limit=limit)


def retry_delivery(session: Session, *, endpoint_id: str, delivery_id: str) -> WebhookDelivery:
    """Send this delivery again as soon as a worker is free (any status).

    A failed delivery gets one more attempt; a retrying one is brought
    forward; a succeeded one is sent again (receivers de-duplicate by
    `Sety-Event-Id`).
    """
    ep = get_endpoint(session, endpoint_id)
    d = get_delivery(session, endpoint_id, delivery_id, for_update=True)
    if ep.status != "active" and d.event_type != "ping":
        raise InvalidTransition(f"webhook endpoint {endpoint_id} is disabled; set its status to "
                                "active before retrying deliveries")
    now = clock.now()
    d.status, d.next_attempt_at, d.delivered_at, d.updated_at = "pending", now, None, now
    session.add(d)
    notify_after_commit(session, endpoint_id)  # open admin tabs refresh
    return d
