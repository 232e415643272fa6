"""Screenshots of the board and the incident page with the demo data set.

Written to test-artifacts/screenshots/ (printed at the end of the run) for a
person to look at; the asserts check the pages really show the demo data.
Marked `loads_demo_data`: it loads the demo data set into the shared e2e
database, so the harness runs it after every other browser test.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.loads_demo_data]


@pytest.fixture(scope="module")
def demo_data(e2e_app) -> None:
    from sety_dashboard.demo.seed import seed_demo

    seed_demo(force=True)


def _busiest_open_incident(api_client) -> str:
    page = api_client.get("/v1/incidents", params={"status": "dispatched,on_scene",
                                                    "is_drill": "false", "limit": 50}).json()
    best = max(page["data"], key=lambda i: (len(i["responders"]), len(i["timeline"])))
    return best["incident_id"]


def test_board_and_detail_screenshots(demo_data, new_page, user_of, sign_in, api_client,
                                      screenshot) -> None:
    page = new_page(width=1680, height=1050)
    page.goto("/signin")
    expect(page.locator("#signin-submit")).to_be_visible()
    screenshot(page, "signin")
    sign_in(page, user_of("supervisor", name="Sade Bello"))
    rows = page.locator("#board-table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 8
    expect(page.locator("#board-map .sety-map-marker").first).to_be_visible()
    # A new SOS arrives while we look: the alert bar (it names the most urgent
    # unacknowledged incident, here an older demo one) and a highlighted row.
    funke = api_client.post("/v1/incidents", json={
        "category": "sos", "location": {"coordinates": [3.4219, 6.4281],
                                        "address": "Adeola Odeku Street, Victoria Island",
                                        "landmark": "Opposite the bank"},
        "subject": {"name": "Funke Adeyemi", "phone": "+2348023456789"}}).json()
    expect(page.locator(f"#row-{funke['incident_id']}")).to_contain_text("Funke Adeyemi")
    expect(page.locator("#alert-banner")).to_be_visible()
    page.wait_for_timeout(600)
    screenshot(page, "board-dark")

    page.click("#theme-toggle")
    page.wait_for_timeout(300)
    screenshot(page, "board-light")
    page.click("#theme-toggle")

    incident_id = _busiest_open_incident(api_client)
    page.goto(f"/incidents/{incident_id}")
    expect(page.locator("#incident-title")).to_be_visible()
    expect(page.locator("#timeline .sety-timeline-item").nth(2)).to_be_visible()
    expect(page.locator("#incident-map .sety-map-marker")).to_have_count(1)
    page.wait_for_timeout(600)
    screenshot(page, "incident-detail-dark")
