"""The analytics page in a real browser: supervisors see it, figures follow the data."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body

pytestmark = pytest.mark.e2e


def _count(page, selector: str) -> int:
    return int(page.locator(selector).inner_text().strip())


def test_supervisor_sees_analytics_with_drills_apart(new_page, user_of, sign_in, api_client,
                                                     screenshot) -> None:
    page = new_page()
    sign_in(page, user_of("supervisor"), path="/signin?next=/analytics")
    page.goto("/analytics")
    expect(page.locator("#stat-total")).to_be_visible()
    before_total, before_drills = _count(page, "#stat-total"), _count(page, "#stat-drills")

    api_client.post("/v1/incidents", json=incident_body(category="medical"))
    api_client.post("/v1/incidents", json=incident_body(category="fire", is_drill=True))
    page.reload()
    expect(page.locator("#stat-total")).to_have_text(str(before_total + 1))
    expect(page.locator("#stat-drills")).to_have_text(str(before_drills + 1))
    expect(page.locator(".recharts-surface").first).to_be_visible()
    page.get_by_role("radio", name="24h").click()
    expect(page.get_by_role("radio", name="24h")).to_have_attribute("aria-checked", "true")
    expect(page.locator("#stat-total")).to_have_text(str(before_total + 1))  # all were today
    screenshot(page, "analytics")


def test_dispatcher_is_refused_analytics(new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    page.goto("/analytics")
    expect(page.get_by_text("You do not have access to this page.")).to_be_visible()
    expect(page.locator("#stat-total")).to_have_count(0)
