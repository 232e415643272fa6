"""Drills the way they are run: a template, a place, a confirmation naming who
will be alerted; planned drills start by themselves. Dispatchers cannot."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from bench.reflex_socket import AUTH_STATE, SyncTab
from tests.factories import incident_body

pytestmark = pytest.mark.e2e

DRILL_STATE = f"{AUTH_STATE}.sety_dashboard___ui___state___drill____drill_state"


def _known_site(api_client, site: str, lng: float, lat: float) -> None:
    """A site the deployment knows: an incident was once raised there."""
    api_client.post("/v1/incidents", json=incident_body(
        site=site, title=f"Earlier at {site}",
        location={"coordinates": [lng, lat], "address": f"Gate 1, {site}"}))


def test_supervisor_starts_a_drill_from_a_template(new_page, user_of, sign_in, api_client,
                                                  screenshot) -> None:
    _known_site(api_client, "Lagos Warehouse", 3.349, 6.555)
    sup = user_of("supervisor", name="Sade Supervisor")
    page = new_page()
    sign_in(page, sup)
    expect(page.locator("#board-table, #board-empty").first).to_be_visible()
    watcher = new_page()
    sign_in(watcher, user_of("dispatcher"))
    expect(watcher.locator("#board-table, #board-empty").first).to_be_visible()

    page.click("#start-drill")
    page.click("#drill-site")
    page.get_by_role("option", name="Lagos Warehouse").click()
    page.click("#drill-review")
    expect(page.locator("#drill-confirm-title")).to_have_text(
        "Fire evacuation drill — Lagos Warehouse")
    expect(page.locator("#drill-confirm-place")).to_contain_text("Lagos Warehouse")
    audience = page.locator("#drill-audience")
    expect(audience).to_contain_text("Every dispatch board")
    expect(audience).to_contain_text("muster list of everyone checked in at Lagos Warehouse")
    screenshot(page, "drill-confirm")
    page.click("#drill-submit")
    row = page.locator("tr.sety-row", has_text="Fire evacuation drill — Lagos Warehouse")
    expect(row.get_by_text("DRILL", exact=True)).to_be_visible()
    expect(page.locator("#drill-submit")).to_have_count(0)  # the dialog closed
    live_row = watcher.locator("tr.sety-row", has_text="Fire evacuation drill — Lagos Warehouse")
    expect(live_row.get_by_text("DRILL", exact=True)).to_be_visible()

    found = api_client.get("/v1/incidents", params={"q": "Fire evacuation drill"}).json()
    inc = found["data"][0]
    assert inc["is_drill"] is True and inc["site"] == "Lagos Warehouse"
    assert inc["category"] == "fire" and inc["location"]["coordinates"] == [3.349, 6.555]
    assert inc["timeline"][0]["actor"] == f"user:{sup.user_id}"


def test_typed_place_is_checked_in_words_and_back_keeps_it(new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("admin"))
    page.click("#start-drill")
    page.locator("#drill-template").get_by_text("Medical emergency").click()
    page.click("#drill-site")
    page.get_by_role("option", name="Another place — type it").click()
    page.fill("#drill-lat", "95")
    page.fill("#drill-lng", "7.49")
    page.fill("#drill-address", "Garki clinic")
    page.click("#drill-review")
    expect(page.locator("#drill-error")).to_contain_text("Latitude must be between")
    page.fill("#drill-lat", "9.0336")
    page.click("#drill-review")
    expect(page.locator("#drill-confirm-title")).to_have_text("Medical drill — Garki clinic")
    page.click("#drill-back")
    expect(page.locator("#drill-lat")).to_have_value("9.0336")
    page.click("#drill-review")
    page.click("#drill-submit")
    expect(page.locator("tr.sety-row", has_text="Medical drill — Garki clinic")).to_be_visible()


def test_a_planned_drill_starts_by_itself(new_page, user_of, sign_in, api_client,
                                          screenshot) -> None:
    from sety_dashboard.core.localtime import local_zone

    _known_site(api_client, "Planned Depot", 3.40, 6.45)
    page = new_page()
    sign_in(page, user_of("supervisor"))
    page.goto("/drills")
    expect(page.locator("#planned-empty, #planned-drills").first).to_be_visible()
    page.click("#start-drill")
    page.click("#drill-site")
    page.get_by_role("option", name="Planned Depot").click()
    page.locator("#drill-when").get_by_text("At a planned time").click()
    starts = datetime.now(local_zone()) + timedelta(seconds=12)
    page.fill("#drill-starts-at", starts.strftime("%Y-%m-%dT%H:%M:%S"))
    page.fill("#drill-title", "Depot night evacuation")
    page.click("#drill-review")
    expect(page.locator("#drill-confirm-when")).to_contain_text(
        "Starts by itself at " + starts.strftime("%d %b %Y %H:%M:%S"))
    page.click("#drill-submit")
    planned = page.locator("tr.planned-row", has_text="Depot night evacuation")
    expect(planned).to_be_visible()
    screenshot(page, "drill-planned")
    # The scheduler starts it at its time: it leaves the plan and enters the record.
    record = page.locator(".drill-site[data-site='Planned Depot'] tr.drill-row",
                          has_text="Depot night evacuation")
    expect(record).to_contain_text("Still running", timeout=30_000)
    expect(planned).to_have_count(0)
    found = api_client.get("/v1/incidents", params={"q": "Depot night evacuation"}).json()
    assert found["pagination"]["total"] == 1 and found["data"][0]["is_drill"] is True


def test_dispatcher_has_no_drill_button_and_is_refused_by_the_server(
        e2e_app, new_page, user_of, sign_in, api_client) -> None:
    disp = user_of("dispatcher")
    page = new_page()
    sign_in(page, disp)
    expect(page.locator("#board-table, #board-empty").first).to_be_visible()
    expect(page.locator("#start-drill")).to_have_count(0)

    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.service import sign_in as do_sign_in

    with write_session() as session:
        token = do_sign_in(session, email=disp.email, password=disp.password)[1]
    tab = SyncTab(e2e_app.url, token, "/")
    try:
        tab.pump(2.0)
        tab.send(f"{DRILL_STATE}.review", {"form": {"title": "Sneaky dispatcher drill",
                                                    "lat": "6.5", "lng": "3.3"}})
        tab.send(f"{DRILL_STATE}.confirm", {})
        tab.pump(2.0)
        assert "not allowed" in tab.var(AUTH_STATE, "action_error")
    finally:
        tab.close()
    found = api_client.get("/v1/incidents", params={"q": "Sneaky dispatcher drill"}).json()
    assert found["data"] == []
