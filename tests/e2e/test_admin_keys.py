"""Admin › API keys in a real browser: the secret shown once works against
the API, and fails from the request after it is revoked."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_admin_creates_uses_and_revokes_a_key(e2e_app, new_page, user_of, sign_in,
                                              screenshot) -> None:
    page = new_page()
    sign_in(page, user_of("admin"))
    page.goto("/admin")
    page.click("#admin-tab-keys")
    page.fill("#key-name", "Kiosk — HQ lobby")
    page.click("#key-create")
    expect(page.locator("#key-form-error")).to_have_text("Pick at least one scope.")
    page.click("#scope-incidents-read")
    page.click("#key-create")
    secret_box = page.locator("#new-key-secret")
    expect(secret_box).to_be_visible()
    secret = secret_box.inner_text().strip()
    assert secret.startswith("sety_sk_") and len(secret) == 40
    row = page.locator("#keys-table tr", has_text="Kiosk — HQ lobby")
    expect(row).to_contain_text(secret[:12])
    expect(row).to_contain_text("incidents:read")
    expect(row.locator(".key-last-used")).to_have_text("never")
    screenshot(page, "admin-key-secret")

    headers = {"Authorization": f"Bearer {secret}"}
    assert httpx.get(f"{e2e_app.url}/v1/incidents", headers=headers).status_code == 200
    assert httpx.get(f"{e2e_app.url}/v1/api-keys", headers=headers).status_code == 403

    # Shown once: after a reload the secret is nowhere on the page.
    page.reload()
    page.click("#admin-tab-keys")
    row = page.locator("#keys-table tr", has_text="Kiosk — HQ lobby")
    expect(row.locator(".key-last-used")).not_to_have_text("never")
    # Admin times too: the one clock format with the zone named (UTC here), and the age.
    expect(row.locator(".key-last-used [data-testid=local-time]")).to_have_text(
        re.compile(r"^\d\d:\d\d:\d\d UTC$"))
    expect(row.locator(".key-last-used")).to_contain_text("ago")
    expect(page.locator("#new-key-secret")).to_have_count(0)
    assert secret not in page.content()

    row.locator(".key-revoke").click()
    page.locator(".key-revoke-confirm").click()
    expect(row).to_have_attribute("data-revoked", "yes")
    expect(row.locator(".key-revoke")).to_have_count(0)
    resp = httpx.get(f"{e2e_app.url}/v1/incidents", headers=headers)
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"
    screenshot(page, "admin-keys-revoked")
