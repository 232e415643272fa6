"""Admin › Webhooks in a real browser: add an endpoint (secret once), watch its
delivery log fill live, retry a delivery, ping, and the role guard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body

pytestmark = pytest.mark.e2e

# Public-looking but never resolvable: accepted on save, and every attempt
# fails (DNS) without reaching anyone.
UNREACHABLE = "https://hooks.partner.invalid/sety"


def test_admin_manages_webhooks_and_sees_deliveries_live(new_page, user_of, sign_in,
                                                          api_client, screenshot) -> None:
    page = new_page()
    sign_in(page, user_of("admin"))
    page.goto("/admin")
    expect(page.locator("#webhooks-section")).to_be_visible()

    # A private address is refused in words, nothing is created.
    page.fill("#webhook-url", "http://127.0.0.1:8080/hook")
    page.click("#webhook-create")
    expect(page.locator("#webhook-form-error")).to_contain_text("private")

    page.fill("#webhook-url", UNREACHABLE)
    # The picker fills the events field (a family replaces the default "*").
    expect(page.locator("label[for=webhook-events]")).to_have_text("Events")
    page.locator(".webhook-event-chip", has_text="All incident events").click()
    expect(page.locator("#webhook-events")).to_have_value("incident.*")
    page.fill("#webhook-description", "Partner pager")
    page.click("#webhook-create")
    secret = page.locator("#new-webhook-secret")
    expect(secret).to_have_text(re.compile(r"^whsec_\S{30,}$"))
    shown = secret.inner_text()
    [endpoint] = [e for e in api_client.get("/v1/webhooks").json()["data"]
                  if e["url"] == UNREACHABLE and e["description"] == "Partner pager"]
    row = page.locator(f"#endpoint-{endpoint['endpoint_id']}")
    expect(row).to_contain_text("incident.*")
    expect(row).to_contain_text("Active")
    # The form is clear for the next endpoint.
    expect(page.locator("#webhook-url")).to_have_value("")
    expect(page.locator("#webhook-events")).to_have_value("*")
    # "Test" does not wear the delete colour.
    colour = "e => getComputedStyle(e).color"
    assert (row.locator(".endpoint-ping").evaluate(colour)
            != row.locator(".endpoint-delete").evaluate(colour))
    assert shown not in api_client.get(f"/v1/webhooks/{endpoint['endpoint_id']}").text

    # An incident posted to the API shows up in the delivery log, live, and fails (DNS).
    api_client.post("/v1/incidents", json=incident_body(subject={"name": "Webhook Log Test"}))
    delivery = page.locator("#deliveries-table tbody tr").first
    expect(delivery).to_have_attribute("data-status", "retrying", timeout=15_000)
    expect(delivery).to_contain_text("incident.created")
    expect(delivery).to_contain_text("could not resolve")
    expect(delivery.locator(".delivery-attempts")).to_have_text("1")
    screenshot(page, "admin-webhooks")

    # Retry: sent again at once; the attempt count moves without a reload.
    delivery.locator(".delivery-retry").click()
    expect(delivery.locator(".delivery-attempts")).to_have_text("2", timeout=15_000)

    # Test sends a ping to this endpoint, which joins the log.
    row.locator(".endpoint-ping").click()
    expect(page.locator("#deliveries-table")).to_contain_text("ping", timeout=15_000)

    # The secret was shown once: not after a reload.
    page.reload()
    expect(page.locator("#webhooks-section")).to_be_visible()
    expect(page.locator("#new-webhook-secret")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(shown)

    # Disable, then delete (with confirmation).
    row.locator(".endpoint-disable").click()
    expect(row).to_contain_text("Disabled")
    row.locator(".endpoint-delete").click()
    page.locator(".endpoint-delete-confirm").click()
    expect(row).to_have_count(0)
    assert api_client.get(f"/v1/webhooks/{endpoint['endpoint_id']}").status_code == 404


def test_only_admins_open_the_admin_page(new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("supervisor"))
    page.goto("/admin")
    expect(page.locator("#access-denied")).to_be_visible()
    expect(page.locator("#webhooks-section")).to_have_count(0)
