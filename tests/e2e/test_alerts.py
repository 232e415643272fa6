"""The frame's alert in real Chromium: an SOS is loud on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.waiting import acknowledge_all_waiting
from tests.factories import incident_body

pytestmark = pytest.mark.e2e


def test_sos_on_another_page_raises_banner_title_count_and_chime(
        new_page, user_of, sign_in, api_client, screenshot) -> None:
    acknowledge_all_waiting(api_client)
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    page.goto("/threat")
    expect(page.locator("#threat-map .leaflet-container")).to_be_visible()
    expect(page.locator("#alert-idle")).to_be_visible()
    expect(page).to_have_title("Sety — Threat map")
    sound = page.locator("#alert-sound")
    expect(sound).to_have_attribute("data-played", "0")

    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Banner Person"},
        location={"coordinates": [3.42, 6.43], "address": "Admiralty Way, Lekki"})).json()
    # The figure is 2 s; the expect waits for the signal, generously.
    expect(page.locator("#alert-text")).to_have_text(
        "SOS · Banner Person · Admiralty Way, Lekki", timeout=5000)
    expect(page).to_have_title("(1) Sety — Threat map", timeout=5000)
    expect(page.locator("#nav-waiting")).to_have_text("1")
    expect(sound).to_have_attribute("data-played", "1")
    expect(page.locator("#alert-banner")).to_contain_text(re.compile(r"seconds? ago|now"))
    screenshot(page, "alert-banner-on-threat-map")

    # A second one: the count follows, the banner keeps the most urgent (oldest critical).
    api_client.post("/v1/incidents", json=incident_body(subject={"name": "Second Person"}))
    expect(page).to_have_title("(2) Sety — Threat map")
    expect(page.locator("#alert-more")).to_have_text("+1 more waiting")
    expect(page.locator("#alert-text")).to_contain_text("Banner Person")

    # Acknowledge from the banner, still on the threat map.
    page.click("#alert-ack")
    expect(page.locator("#alert-text")).to_contain_text("Second Person")
    expect(page).to_have_title("(1) Sety — Threat map")
    assert api_client.get(f"/v1/incidents/{inc['incident_id']}").json()["status"] == \
        "acknowledged"
    # Open goes to the incident page; the banner is there too.
    page.click("#alert-open")
    page.wait_for_url("**/incidents/*")
    expect(page.locator("#incident-title")).to_contain_text("Second Person")
    expect(page).to_have_title("(1) Sety — Incident")
    acknowledge_all_waiting(api_client)
    expect(page.locator("#alert-idle")).to_be_visible()
    expect(page).to_have_title("Sety — Incident")


def test_chime_repeats_until_acknowledged_and_drills_are_announced_as_drills(
        new_page, user_of, sign_in, api_client) -> None:
    acknowledge_all_waiting(api_client)
    page = new_page()
    page.clock.install()
    sign_in(page, user_of("supervisor"))
    page.wait_for_selector("#board-table, #board-empty")
    sound = page.locator("#alert-sound")
    drill = api_client.post("/v1/incidents", json=incident_body(
        is_drill=True, subject={"name": "Drill Caller"})).json()
    expect(page.locator("#alert-drill")).to_have_text("DRILL")
    expect(page.locator("#alert-banner")).to_have_attribute("data-drill", "yes")
    expect(sound).to_have_attribute("data-drill-played", "1")
    expect(sound).to_have_attribute("data-played", "0")

    real = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Real Caller"})).json()
    # The real SOS ranks above the drill of the same severity.
    expect(page.locator("#alert-text")).to_contain_text("Real Caller")
    expect(page.locator("#alert-banner")).to_have_attribute("data-drill", "no")
    expect(sound).to_have_attribute("data-played", "1")
    page.clock.run_for(10_500)  # critical: again every 10 s while it waits
    expect(sound).to_have_attribute("data-played", "2")
    page.clock.run_for(10_000)
    expect(sound).to_have_attribute("data-played", "3")
    api_client.post(f"/v1/incidents/{real['incident_id']}/acknowledge", json={})
    expect(page.locator("#alert-text")).to_contain_text("Drill Caller")
    page.clock.run_for(30_000)  # only a drill waits: no more repeats
    expect(sound).to_have_attribute("data-played", "3")
    api_client.post(f"/v1/incidents/{drill['incident_id']}/acknowledge", json={})
    expect(page.locator("#alert-idle")).to_be_visible()


def test_front_desk_gets_no_alert_bar(new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("front_desk"))
    page.wait_for_url("**/visitors")
    expect(page.locator("#live-indicator")).to_be_visible()
    expect(page.locator("#alert-idle")).to_have_count(0)
    expect(page.locator("#alert-banner")).to_have_count(0)
