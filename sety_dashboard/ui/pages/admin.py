"""Admin (`/admin`, admins only), one tab per section: webhook endpoints
with their delivery log (this module), users, API keys, safe zones and SLA
policies (`ui/components/admin_*.py`, `sla_policies.py`).

`AdminState.load` admits admins once and loads the other sections; the
webhooks state has its own guarded load handler. Every action checks the
role again on the server.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import is_admin
from sety_dashboard.events.log import EVENT_TYPES
from sety_dashboard.ui.components.admin_keys import keys_section
from sety_dashboard.ui.components.admin_parts import (
    confirm,
    create_form,
    section_table,
    shown_once,
    text_field,
)
from sety_dashboard.ui.components.admin_users import users_section
from sety_dashboard.ui.components.admin_zones import zones_section
from sety_dashboard.ui.components.sla_policies import sla_section
from sety_dashboard.ui.components.times import clock_time, time_and_age
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.admin import AdminState
from sety_dashboard.ui.state.webhooks_admin import WebhooksAdminState
from sety_dashboard.ui.viewmodels.admin_rows import DeliveryRow, EndpointRow

S = WebhooksAdminState

EVENT_FAMILIES = (("*", "Everything (*)"), ("incident.*", "All incident events"),
                  ("access.*", "All access events"))
DELIVERY_COLORS = {"pending": "gray", "retrying": "amber", "succeeded": "green", "failed": "red"}


def _status_badge(status: rx.Var[str]) -> rx.Component:
    return rx.match(
        status,
        ("active", rx.badge("Active", color_scheme="green", variant="soft", size="1")),
        ("disabled", rx.badge("Disabled", color_scheme="red", variant="solid", size="1")),
        rx.badge(status, size="1"),
    )


def _delivery_badge(status: rx.Var[str]) -> rx.Component:
    return rx.match(
        status,
        *[(s, rx.badge(s.capitalize(), color_scheme=c, variant="soft", size="1",
                       class_name="delivery-status")) for s, c in DELIVERY_COLORS.items()],
        rx.badge(status, size="1"),
    )


def _new_secret() -> rx.Component:
    return shown_once(
        S.new_secret,
        rx.text("Signing secret of the new endpoint — shown this once. Store it where "
                "your receiver can read it; it verifies the Sety-Signature header.", size="2"),
        code_id="new-webhook-secret", done="I have stored it", on_done=S.dismiss_secret,
        done_id="dismiss-secret")


def _event_picker() -> rx.Component:
    """Click a family or a type to add it to the events field."""
    chip = "webhook-event-chip"
    return rx.vstack(
        rx.text("Event patterns: an exact type (incident.created), a family (incident.*), "
                "or * for everything; separate several with commas. Click to add:",
                size="1", color_scheme="gray"),
        rx.hstack(
            *[rx.button(label, size="1", variant="outline", color_scheme="gray", type="button",
                        class_name=chip, on_click=S.add_event_pattern(pattern))
              for pattern, label in EVENT_FAMILIES],
            *[rx.button(t, size="1", variant="soft", color_scheme="gray", type="button",
                        class_name=chip, on_click=S.add_event_pattern(t)) for t in EVENT_TYPES],
            spacing="1", wrap="wrap"),
        spacing="1", width="100%")


def _create_form() -> rx.Component:
    return create_form(
        rx.hstack(
            text_field("Endpoint URL", "url", "webhook-url", "340px",
                       placeholder="https://ops.example.com/sety-hook", required=True,
                       max_length=2048),
            text_field("Events", "events", "webhook-events", "260px", value=S.new_events,
                       on_change=S.set_field("new_events")),
            text_field("Description (optional)", "description", "webhook-description", "220px",
                       max_length=5000),
            rx.button(rx.icon("plus", size=14), "Add endpoint", type="submit",
                      loading=S.busy, id="webhook-create"),
            spacing="2", align="end", wrap="wrap"),
        _event_picker(),
        on_submit=S.create, error=S.form_error, error_id="webhook-form-error",
    )


def _endpoint_row(row: EndpointRow) -> rx.Component:
    selected = S.selected_id == row.endpoint_id
    return rx.table.row(
        rx.table.cell(rx.vstack(
            rx.text(row.url, size="2", weight="medium", truncate=True),
            rx.cond(row.description != "", rx.text(row.description, size="1",
                                                   color_scheme="gray", truncate=True)),
            spacing="0", max_width="100%")),
        rx.table.cell(rx.text(row.events, size="1", truncate=True)),
        rx.table.cell(rx.cond(
            row.disabled_reason != "",
            rx.tooltip(_status_badge(row.status), content=row.disabled_reason),
            _status_badge(row.status))),
        rx.table.cell(rx.text(row.failure_count, size="2", font_variant_numeric="tabular-nums",
                              color=rx.cond(row.failure_count > 0, "var(--amber-11)", "inherit"))),
        rx.table.cell(rx.cond(row.last_success != "", time_and_age(row.last_success),
                              rx.text("—", size="1"))),
        rx.table.cell(rx.hstack(
            rx.button("Test", size="1", variant="soft", color_scheme="blue",
                      class_name="endpoint-ping",
                      on_click=S.ping(row.endpoint_id).stop_propagation,
                      title="Send a ping to this endpoint"),
            rx.cond(row.status == "active",
                    rx.button("Disable", size="1", variant="soft", color_scheme="gray",
                              class_name="endpoint-disable",
                              on_click=S.set_status(row.endpoint_id, "disabled").stop_propagation),
                    rx.button("Enable", size="1", variant="soft", color_scheme="green",
                              class_name="endpoint-enable",
                              on_click=S.set_status(row.endpoint_id, "active").stop_propagation)),
            _delete_button(row),
            spacing="1")),
        id="endpoint-" + row.endpoint_id, cursor="pointer",
        class_name=rx.cond(selected, "sety-row sety-row-selected", "sety-row"),
        on_click=S.select(row.endpoint_id),
    )


def _delete_button(row: EndpointRow) -> rx.Component:
    return confirm(
        rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="soft",
                       color_scheme="red", class_name="endpoint-delete", title="Delete"),
        "Delete this endpoint?",
        rx.text("Nothing more is sent to ", rx.code(row.url), ", and its delivery log is removed."),
        "Delete", S.delete(row.endpoint_id), "endpoint-delete-confirm", keep="Keep it")


def _endpoints() -> rx.Component:
    return rx.cond(
        S.endpoints.length() > 0,
        section_table([("URL", None), ("Events", "200px"), ("Status", "96px"),
                       ("Failures", "80px"), ("Last success", "130px"), ("", "200px")],
                      S.endpoints, _endpoint_row, "endpoints-table", fixed=True),
        rx.callout("No webhook endpoints yet. Add one above to have Sety POST signed events "
                   "to your system.", icon="webhook", color_scheme="gray", id="endpoints-empty"),
    )


def _delivery_row(row: DeliveryRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(clock_time(row.created)),
        rx.table.cell(rx.text(row.event_type, size="1"), rx.text(" #", row.event_seq, size="1",
                                                                  color_scheme="gray")),
        rx.table.cell(_delivery_badge(row.status)),
        rx.table.cell(rx.text(row.attempts, size="1", class_name="delivery-attempts")),
        rx.table.cell(rx.text(rx.cond(row.response_status != "", row.response_status, "—"),
                              size="1")),
        rx.table.cell(rx.text(row.last_error, size="1", color_scheme="red", truncate=True,
                              title=row.last_error)),
        rx.table.cell(rx.match(row.status,
                               ("succeeded", clock_time(row.delivered)),
                               ("failed", rx.text("gave up", size="1")),
                               clock_time(row.next_attempt))),
        rx.table.cell(rx.button("Retry", size="1", variant="soft", class_name="delivery-retry",
                                on_click=S.retry(row.delivery_id))),
        id="delivery-" + row.delivery_id, data_status=row.status,
    )


def _deliveries() -> rx.Component:
    return rx.cond(
        S.selected_id != "",
        rx.vstack(
            rx.hstack(
                rx.heading("Delivery log", size="3"),
                rx.text(S.selected_url, size="2", color_scheme="gray", truncate=True),
                rx.spacer(),
                rx.select.root(
                    rx.select.trigger(width="150px", id="delivery-status-filter"),
                    rx.select.content(rx.select.item("All statuses", value="all"),
                                      *[rx.select.item(s.capitalize(), value=s)
                                        for s in DELIVERY_COLORS]),
                    value=S.delivery_status, on_change=S.set_delivery_status, size="1"),
                rx.text(S.deliveries_total, " in all (newest 50 shown)", size="1",
                        color_scheme="gray"),
                align="center", spacing="3", width="100%"),
            rx.cond(
                S.deliveries.length() > 0,
                section_table([("Created", "130px"), ("Event", "240px"), ("Status", "96px"),
                               ("Attempts", "76px"), ("HTTP", "60px"), ("Last error", None),
                               ("Delivered / next try", "150px"), ("", "72px")],
                              S.deliveries, _delivery_row, "deliveries-table", fixed=True),
                rx.text("No deliveries yet. Events are delivered here as they happen; "
                        "“Test” sends a ping.", size="2", color_scheme="gray",
                        id="deliveries-empty")),
            spacing="2", width="100%"),
    )


def _webhooks_section() -> rx.Component:
    return rx.vstack(
        rx.text("Sety POSTs each event to these URLs, signed with the endpoint's secret, "
                "and retries failures for about 45 hours.", size="2", color_scheme="gray"),
        _create_form(),
        _new_secret(),
        _endpoints(),
        _deliveries(),
        spacing="3", width="100%", id="webhooks-section")


# (value, label, icon, section); the first is open when the page loads.
TABS = (
    ("webhooks", "Webhooks", "webhook", _webhooks_section),
    ("users", "Users", "users", users_section),
    ("keys", "API keys", "key-round", keys_section),
    ("zones", "Safe zones", "shield-plus", zones_section),
    ("sla", "SLA policies", "timer", sla_section),
)


def admin_body() -> rx.Component:
    return rx.cond(
        S.loaded & AdminState.loaded,
        rx.vstack(
            rx.heading("Admin", size="6"),
            rx.tabs.root(
                rx.tabs.list(*[rx.tabs.trigger(rx.hstack(rx.icon(icon, size=14), label,
                                                         align="center", spacing="1"),
                                               value=value, id=f"admin-tab-{value}")
                               for value, label, icon, _ in TABS]),
                *[rx.tabs.content(rx.box(section(), padding_top="16px"), value=value)
                  for value, _, _, section in TABS],
                default_value=TABS[0][0], width="100%"),
            spacing="4", padding="16px 24px", width="100%", max_width="1400px"),
        loading_panel(),
    )


PAGE = Page(route="/admin", title="Admin", body=admin_body, allowed=is_admin,
            on_load=[AdminState.load, S.load])
