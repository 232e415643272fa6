"""Admin › Webhooks: endpoints, the delivery log of one, and what an admin can do.

Every action goes through `AuthState.act(is_admin, …)` and a service in
`webhooks/service.py`; the page only shapes rows. The delivery log follows
the worker live: it publishes `webhook.deliveries_updated` notices, and a
`ping` is an event; both reach this tab through the live bridge (topic
`webhooks`), and `_on_live` re-reads the small lists it shows.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.users.permissions import is_admin
from sety_dashboard.ui import live
from sety_dashboard.ui.state.admin_section import AdminSection
from sety_dashboard.ui.state.auth import AuthState, describe_error
from sety_dashboard.ui.state.fields import TypedFields
from sety_dashboard.ui.viewmodels.admin_rows import (
    DeliveryRow,
    EndpointRow,
    delivery_row,
    endpoint_row,
)
from sety_dashboard.webhooks import service
from sety_dashboard.webhooks.inputs import CreateWebhookRequest, UpdateWebhookRequest
from sety_dashboard.webhooks.notices import DELIVERIES_UPDATED
from sety_dashboard.webhooks.read_model import delivery_view, endpoint_view

TOPIC = "webhooks"
ENDPOINTS_SHOWN = 100
DELIVERIES_SHOWN = 50

live.add_topic_rule(DELIVERIES_UPDATED, lambda data: [TOPIC])
live.add_topic_rule("ping", lambda data: [TOPIC])


def _read(selected: str, status: str) -> tuple[list[EndpointRow], list[DeliveryRow], int]:
    with read_session() as session:
        endpoints, _ = service.list_endpoints(session, page=1, limit=ENDPOINTS_SHOWN)
        rows = [endpoint_row(endpoint_view(ep)) for ep in endpoints]
        if not selected or all(r.endpoint_id != selected for r in rows):
            return rows, [], 0
        deliveries, total = service.list_deliveries(
            session, endpoint_id=selected, page=1, limit=DELIVERIES_SHOWN,
            status=None if status == "all" else [status])
        return rows, [delivery_row(delivery_view(d)) for d in deliveries], total


class WebhooksAdminState(TypedFields, AdminSection, AuthState):
    def _typed_fields(self) -> tuple[str, ...]:
        return ("new_events",)

    endpoints: list[EndpointRow] = []
    selected_id: str = ""
    deliveries: list[DeliveryRow] = []
    deliveries_total: int = 0
    delivery_status: str = "all"
    # The new endpoint's signing secret: shown once, until dismissed.
    new_secret: str = ""
    new_secret_for: str = ""
    # The create form's events field (the picker adds to it).
    new_events: str = "*"

    @rx.var
    def selected_url(self) -> str:
        return next((e.url for e in self.endpoints if e.endpoint_id == self.selected_id), "")

    async def _reload(self) -> None:
        endpoints, deliveries, total = await asyncio.to_thread(
            _read, self.selected_id, self.delivery_status)
        if endpoints != self.endpoints:
            self.endpoints = endpoints
        if self.selected_id and all(e.endpoint_id != self.selected_id for e in endpoints):
            self.selected_id = ""
        if deliveries != self.deliveries:
            self.deliveries = deliveries
        if total != self.deliveries_total:
            self.deliveries_total = total

    @rx.event
    async def load(self):
        self.loaded = False
        if await self.admit(is_admin) is None:
            live.unwatch(self)
            return self.refused()
        self.new_secret = self.new_secret_for = self.form_error = ""
        await self._reload()
        if not self.selected_id and self.endpoints:
            self.selected_id = self.endpoints[0].endpoint_id
            await self._reload()
        self.loaded = True
        live.watch(self, TOPIC)
        return None

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        await self._reload()

    async def _after_action(self, changed: str | None) -> None:
        # Other admin tabs hear of the change from the webhooks service itself.
        await self._reload()

    # -- selection and filters ---------------------------------------------------------

    @rx.event
    async def select(self, endpoint_id: str):
        self.selected_id = endpoint_id
        await self._reload()

    @rx.event
    async def set_delivery_status(self, value: str):
        self.delivery_status = value
        await self._reload()

    @rx.event
    def add_event_pattern(self, pattern: str):
        """Add a picked pattern; `*` (everything) replaces the rest."""
        current = [p.strip() for p in self.new_events.split(",") if p.strip()]
        if pattern == "*" or current in ([], ["*"]):
            self.new_events = pattern
        elif pattern not in current:
            self.new_events = ", ".join([*current, pattern])

    @rx.event
    def dismiss_secret(self):
        self.new_secret = self.new_secret_for = ""

    # -- actions -------------------------------------------------------------------------

    @rx.event
    async def create(self, form: dict[str, Any]):
        self.form_error = ""
        events = [e.strip() for e in str(form.get("events") or "*").split(",") if e.strip()]
        try:
            request = CreateWebhookRequest(url=str(form.get("url", "")).strip(), events=events,
                                           description=str(form.get("description", "")).strip()
                                           or None)
        except ValueError as exc:  # pydantic's ValidationError is one
            self.form_error = describe_error(exc)
            return
        self.busy = True
        yield
        created = await self.act(is_admin, lambda s, a: _create(s, request))
        self.busy = False
        if created is None:
            self.form_error = self.action_error
            yield self.refused()
            return
        endpoint_id, secret = created
        self.new_secret, self.new_secret_for = secret, endpoint_id
        self.selected_id = endpoint_id
        await self._after_action(endpoint_id)
        self.new_events = "*"  # the form starts afresh for the next endpoint
        yield [rx.set_value("webhook-url", ""), rx.set_value("webhook-description", "")]
        yield rx.toast.success("Endpoint added. Copy its signing secret now: it is shown once.")

    @rx.event
    async def set_status(self, endpoint_id: str, status: str):
        done = await self.act(is_admin, lambda s, a: service.update_endpoint(
            s, endpoint_id=endpoint_id, request=UpdateWebhookRequest(status=status)).id)
        if done is None:
            return self.refused()
        await self._after_action(endpoint_id)
        return rx.toast.success("Endpoint enabled." if status == "active" else "Endpoint disabled.")

    @rx.event
    async def delete(self, endpoint_id: str):
        done = await self.act(is_admin, lambda s, a: service.delete_endpoint(s, endpoint_id).id)
        if done is None:
            return self.refused()
        if self.selected_id == endpoint_id:
            self.selected_id = ""
        await self._after_action(None)
        return rx.toast.success("Endpoint deleted.")

    @rx.event
    async def ping(self, endpoint_id: str):
        done = await self.act(is_admin, lambda s, a: service.send_ping(s, endpoint_id).id)
        if done is None:
            return self.refused()
        self.selected_id = endpoint_id
        await self._after_action(endpoint_id)
        return rx.toast.info("Ping queued; its delivery appears in the log below.")

    @rx.event
    async def retry(self, delivery_id: str):
        endpoint_id = self.selected_id
        done = await self.act(is_admin, lambda s, a: service.retry_delivery(
            s, endpoint_id=endpoint_id, delivery_id=delivery_id).id)
        if done is None:
            return self.refused()
        await self._after_action(endpoint_id)
        return rx.toast.info("Delivery queued to be sent again now.")


def _create(session: Any, request: CreateWebhookRequest) -> tuple[str, str]:
    endpoint, secret = service.create_endpoint(session, request=request)
    return endpoint.id, secret
