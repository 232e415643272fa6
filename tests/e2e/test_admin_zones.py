"""Admin › Safe zones in a real browser: add one; it is listed and served by
the threat API; bad coordinates are refused in words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_admin_adds_a_safe_zone(new_page, user_of, sign_in, api_client, screenshot) -> None:
    page = new_page()
    sign_in(page, user_of("admin"))
    page.goto("/admin")
    page.click("#admin-tab-zones")
    page.fill("#zone-name", "Garki Police Division")
    page.fill("#zone-lat", "91")
    page.fill("#zone-lng", "7.4891")
    page.click("#zone-create")
    expect(page.locator("#zone-form-error")).to_contain_text("latitude")
    page.fill("#zone-lat", "9.0336")
    page.fill("#zone-address", "Area 10, Garki, Abuja")
    page.click("#zone-open-24h")  # off: counted as open in daytime only
    page.click("#zone-create")
    row = page.locator("#zones-table tr", has_text="Garki Police Division")
    expect(row).to_contain_text("Police")
    expect(row).to_contain_text("Area 10, Garki, Abuja")
    expect(row).to_contain_text("Daytime")
    expect(page.locator("#zone-name")).to_have_value("")
    screenshot(page, "admin-safe-zones")

    near = api_client.get("/v1/threat-intel/safe-zones",
                          params={"lat": 9.0336, "lng": 7.4891, "radius_m": 100}).json()["data"]
    assert [z["name"] for z in near] == ["Garki Police Division"]
    assert near[0]["open_24h"] is False and near[0]["kind"] == "police"
