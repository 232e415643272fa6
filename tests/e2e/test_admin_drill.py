"""Starting a drill from the dispatch board: supervisors can, dispatchers cannot."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bench.reflex_socket import AUTH_STATE, SyncTab

pytestmark = pytest.mark.e2e

DRILL_STATE = f"{AUTH_STATE}.sety_dashboard___ui___state___drill____drill_state"


def test_supervisor_starts_a_drill_and_it_shows_as_drill(new_page, user_of, sign_in, api_client,
                                                        screenshot) -> None:
    sup = user_of("supervisor", name="Sade Supervisor")
    page = new_page()
    sign_in(page, sup)
    expect(page.locator("#board-table, #board-empty").first).to_be_visible()
    # Another open board (a dispatcher's) receives it live.
    watcher = new_page()
    sign_in(watcher, user_of("dispatcher"))
    expect(watcher.locator("#board-table, #board-empty").first).to_be_visible()

    page.click("#start-drill")
    page.click("#drill-site")
    page.get_by_role("option", name="Lagos Warehouse").click()
    page.fill("#drill-title", "Warehouse fire evacuation")
    page.fill("#drill-subject", "Bayo Drill")
    screenshot(page, "admin-drill-dialog")
    page.click("#drill-submit")
    row = page.locator("tr.sety-row", has_text="Warehouse fire evacuation")
    expect(row).to_be_visible()
    expect(row.get_by_text("DRILL", exact=True)).to_be_visible()
    expect(page.locator("#drill-submit")).to_have_count(0)  # the dialog closed
    live_row = watcher.locator("tr.sety-row", has_text="Warehouse fire evacuation")
    expect(live_row.get_by_text("DRILL", exact=True)).to_be_visible()
    screenshot(page, "admin-drill-on-board")

    found = api_client.get("/v1/incidents", params={"q": "Warehouse fire evacuation"}).json()
    inc = found["data"][0]
    assert inc["is_drill"] is True and inc["site"] == "Lagos Warehouse"
    assert inc["category"] == "fire" and inc["subject"]["name"] == "Bayo Drill"
    assert inc["location"]["coordinates"] == [3.349, 6.555]
    assert inc["timeline"][0]["actor"] == f"user:{sup.user_id}"


def test_drill_with_typed_coordinates_and_a_refusal_in_words(new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("admin"))
    page.click("#start-drill")
    page.click("#drill-site")
    page.get_by_role("option", name="Other — type coordinates").click()
    page.fill("#drill-lat", "95")
    page.fill("#drill-lng", "7.49")
    page.fill("#drill-title", "Garki medical drill")
    page.click("#drill-submit")
    expect(page.locator("#drill-error")).to_contain_text("latitude")
    page.fill("#drill-lat", "9.0336")
    page.click("#drill-submit")
    expect(page.locator("tr.sety-row", has_text="Garki medical drill")).to_be_visible()


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
        tab.send(f"{DRILL_STATE}.set_site", {"value": "HQ"})
        tab.send(f"{DRILL_STATE}.submit", {"form": {"title": "Sneaky dispatcher drill"}})
        tab.pump(2.0)
        assert "not allowed" in tab.var(AUTH_STATE, "action_error")
    finally:
        tab.close()
    found = api_client.get("/v1/incidents", params={"q": "Sneaky dispatcher drill"}).json()
    assert found["data"] == []
