"""/v1/webhooks: endpoints, their delivery log, pings and manual retries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from sety_dashboard.api.deps import Caller, Paging, choices, page_answer, picked, require
from sety_dashboard.api.responses import (
    ERRORS,
    Page,
    WebhookEndpointCreated,
    WebhookEndpointDeleted,
)
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.webhooks import service
from sety_dashboard.webhooks.inputs import CreateWebhookRequest, UpdateWebhookRequest
from sety_dashboard.webhooks.read_model import (
    WebhookDeliveryView,
    WebhookEndpointView,
    delivery_view,
    endpoint_view,
)

router = APIRouter(prefix="/webhooks", tags=["Webhooks"], responses=ERRORS)
Manager = Annotated[Caller, Depends(require("webhooks:manage"))]


@router.post("", status_code=201, response_model=WebhookEndpointCreated)
def create_webhook(body: CreateWebhookRequest, caller: Manager) -> dict[str, Any]:
    with write_session() as session:
        ep, secret = service.create_endpoint(session, request=body, owner=caller.key)
        return {**endpoint_view(ep), "secret": secret}


@router.get("", response_model=Page[WebhookEndpointView])
def list_webhooks(caller: Manager, paging: Paging) -> dict[str, Any]:
    with read_session() as session:
        found = service.list_endpoints(session, page=paging.page, limit=paging.limit)
        return page_answer(found, paging, endpoint_view)


@router.get("/{endpoint_id}", response_model=WebhookEndpointView)
def get_webhook(endpoint_id: str, caller: Manager) -> dict[str, Any]:
    with read_session() as session:
        return endpoint_view(service.get_endpoint(session, endpoint_id))


@router.patch("/{endpoint_id}", response_model=WebhookEndpointView)
def update_webhook(endpoint_id: str, body: UpdateWebhookRequest, caller: Manager) -> dict[str, Any]:
    with write_session() as session:
        return endpoint_view(
            service.update_endpoint(session, endpoint_id=endpoint_id, request=body,
                                    owner=caller.key))


@router.delete("/{endpoint_id}", response_model=WebhookEndpointDeleted)
def delete_webhook(endpoint_id: str, caller: Manager) -> dict[str, Any]:
    with write_session() as session:
        return {**endpoint_view(service.delete_endpoint(session, endpoint_id)),
                "deleted": True}


@router.post("/{endpoint_id}/test", status_code=202, response_model=WebhookDeliveryView)
def test_webhook(endpoint_id: str, caller: Manager) -> dict[str, Any]:
    with write_session() as session:
        return delivery_view(service.send_ping(session, endpoint_id))


@router.get("/{endpoint_id}/deliveries", response_model=Page[WebhookDeliveryView])
def list_deliveries(endpoint_id: str, caller: Manager, paging: Paging,
                    status: Annotated[str | None,
                                      choices(service.DELIVERY_STATUSES, "statuses")] = None,
                    ) -> dict[str, Any]:
    with read_session() as session:
        found = service.list_deliveries(
            session, endpoint_id=endpoint_id, page=paging.page, limit=paging.limit,
            status=picked(status, service.DELIVERY_STATUSES, "status"))
        return page_answer(found, paging, delivery_view)


@router.post("/{endpoint_id}/deliveries/{delivery_id}/retry", status_code=202,
             response_model=WebhookDeliveryView)
def retry_delivery(endpoint_id: str, delivery_id: str, caller: Manager) -> dict[str, Any]:
    with write_session() as session:
        return delivery_view(
            service.retry_delivery(session, endpoint_id=endpoint_id, delivery_id=delivery_id))
