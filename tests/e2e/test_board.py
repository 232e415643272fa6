"""The dispatch board in real Chromium: alert, sound, counters, filters, keys, SLA colours."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.waiting import acknowledge_all_waiting
from tests.factories import incident_body

pytestmark = pytest.mark.e2e


def _board(new_page, user_of, sign_in):
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    page.wait_for_selector("#board-table, #board-empty")
    expect(page.locator("#live-indicator")).to_have_attribute("data-live", "yes")
    return page


def _count(page, name: str) -> int:
    return int(page.locator(f"#count-{name}").inner_text())


def test_new_incident_alerts_with_sound_and_mute_silences_it(new_page, user_of, sign_in,
                                                             api_client) -> None:
    acknowledge_all_waiting(api_client)
    page = _board(new_page, user_of, sign_in)
    sound = page.locator("#alert-sound")
    expect(sound).to_have_attribute("data-played", "0")
    filters_y = page.locator("#filter-status").bounding_box()["y"]

    api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Kemi Alert"}, location={"coordinates": [3.42, 6.43],
                                                  "address": "Admiralty Way, Lekki"}))
    expect(page.locator("#alert-text")).to_have_text("SOS · Kemi Alert · Admiralty Way, Lekki")
    expect(sound).to_have_attribute("data-played", "1")
    # The announcement replaced the idle line: nothing below it moved.
    assert page.locator("#filter-status").bounding_box()["y"] == filters_y

    page.click("#mute-toggle")
    expect(page.locator("#mute-toggle")).to_contain_text("Sound off")
    api_client.post("/v1/incidents", json=incident_body(subject={"name": "Quiet One"}))
    expect(page.locator("#alert-more")).to_have_text("+1 more waiting")
    expect(sound).to_have_attribute("data-played", "1")  # muted: no second play
    # Mute is remembered by this browser.
    page.reload()
    expect(page.locator("#mute-toggle")).to_contain_text("Sound off")
    page.click("#mute-toggle")


def test_counters_filters_and_urgency_order(new_page, user_of, sign_in, api_client) -> None:
    page = _board(new_page, user_of, sign_in)
    before = {n: _count(page, n) for n in ("open", "unacknowledged", "on-scene")}
    low = api_client.post("/v1/incidents", json=incident_body(
        category="other", severity="low", subject={"name": "Zz Low Priority"})).json()
    crit = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Zz Critical Person"})).json()
    expect(page.locator(f"#row-{crit['incident_id']}")).to_be_visible()
    expect(page.locator(f"#row-{low['incident_id']}")).to_be_visible()
    expect(page.locator("#count-open")).to_have_text(str(before["open"] + 2))
    assert _count(page, "unacknowledged") == before["unacknowledged"] + 2

    # Most urgent first: the critical row is above the low one.
    ids = page.locator("#board-table tbody tr").evaluate_all("rows => rows.map(r => r.id)")
    assert ids.index(f"row-{crit['incident_id']}") < ids.index(f"row-{low['incident_id']}")

    page.fill("#filter-search", "zz low")
    expect(page.locator("#board-table tbody tr")).to_have_count(1)
    expect(page.locator(f"#row-{low['incident_id']}")).to_be_visible()
    page.fill("#filter-search", "no such person anywhere")
    expect(page.locator("#board-empty")).to_contain_text("No open incident matches")
    page.fill("#filter-search", "")
    page.click("#filter-severity")
    # Keys typed while the list is open choose in the list, never act on a row.
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("a")
    page.get_by_role("option", name="Critical").click()
    expect(page.locator(f"#row-{low['incident_id']}")).to_have_count(0)
    expect(page.locator(f"#row-{crit['incident_id']}")).to_be_visible()
    assert api_client.get(f"/v1/incidents/{crit['incident_id']}").json()["status"] == "created"
    # The filter handed the keyboard back to the board: j highlights a row.
    expect(page.locator("#board-queue")).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator("#board-table tbody tr.sety-row-selected")).to_have_count(1)

    # An incident going on scene elsewhere moves the counter live.
    rsp = api_client.post("/v1/responders", json={"name": "Unit 3", "role": "medic"}).json()
    asg = api_client.post(f"/v1/incidents/{crit['incident_id']}/assignments",
                          json={"responder_id": rsp["responder_id"]}).json()
    assignment_id = asg["responders"][0]["assignment_id"]
    api_client.patch(f"/v1/incidents/{crit['incident_id']}/assignments/{assignment_id}",
                     json={"status": "on_scene"})
    expect(page.locator("#count-on-scene")).to_have_text(str(before["on-scene"] + 1))
    expect(page.locator(f"#row-{crit['incident_id']}")).to_have_attribute("data-status",
                                                                          "on_scene")
    # Resolved elsewhere: it leaves the queue.
    api_client.post(f"/v1/incidents/{crit['incident_id']}/resolve",
                    json={"resolution_outcome": "handled"})
    expect(page.locator(f"#row-{crit['incident_id']}")).to_have_count(0)


def test_keyboard_selects_and_acknowledges_from_the_board(new_page, user_of, sign_in,
                                                          api_client) -> None:
    page = _board(new_page, user_of, sign_in)
    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Keyboard Person"})).json()
    row = page.locator(f"#row-{inc['incident_id']}")
    expect(row).to_be_visible()
    row.locator("td").nth(2).click()  # select the row
    expect(row).to_have_class(__import__("re").compile(r"\bsety-row-selected\b"))
    page.keyboard.press("a")
    expect(row).to_have_attribute("data-status", "acknowledged")
    page.keyboard.press("n")
    page.fill("#board-note-text", "Spoke to the caller")
    page.click("#board-note-submit")
    expect(page.get_by_role("dialog")).to_have_count(0)
    timeline = api_client.get(f"/v1/incidents/{inc['incident_id']}").json()["timeline"]
    assert [t["event"] for t in timeline] == ["created", "acknowledged", "note_added"]


def test_sla_countdown_turns_amber_then_red_in_the_browser(new_page, user_of, sign_in,
                                                           api_client) -> None:
    """Critical: acknowledge within 15 s. The browser's clock is moved, not waited for."""
    page = new_page()
    page.clock.install()
    sign_in(page, user_of("dispatcher"))
    page.wait_for_selector("#board-table, #board-empty")
    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Countdown Person"})).json()
    countdown = page.locator(f"#row-{inc['incident_id']} [data-testid=sla-countdown]")
    expect(countdown).to_have_attribute("data-level", "ok")
    page.clock.fast_forward(8_000)  # more than half of the 15 s gone: amber
    expect(countdown).to_have_attribute("data-level", "warning")
    page.clock.fast_forward(9_000)  # past the deadline
    expect(countdown).to_have_attribute("data-level", "breached")
    expect(countdown).to_contain_text("over")


def test_assign_from_the_board_by_keyboard_nearest_first_busy_asks(new_page, user_of, sign_in,
                                                                   api_client) -> None:
    near = api_client.post("/v1/responders", json={
        "name": "Zq Near Busy", "role": "medic",
        "location": {"coordinates": [3.4350, 6.4545]}}).json()
    free = api_client.post("/v1/responders", json={
        "name": "Zq Mid Free", "role": "security",
        "location": {"coordinates": [3.4000, 6.4300]}}).json()
    far = api_client.post("/v1/responders", json={
        "name": "Zq Abuja", "role": "medic", "location": {"coordinates": [7.4951, 9.0579]}}).json()
    other = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Zq Other"})).json()
    api_client.post(f"/v1/incidents/{other['incident_id']}/assignments",
                    json={"responder_id": near["responder_id"]})
    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Zq Needs Unit"}, location={"coordinates": [3.4347, 6.4541]})).json()
    api_client.post(f"/v1/incidents/{inc['incident_id']}/acknowledge", json={})

    page = _board(new_page, user_of, sign_in)
    row = page.locator(f"#row-{inc['incident_id']}")
    expect(row.locator(".row-assign")).to_be_visible()  # acknowledged: Assign on the row
    row.locator("td").nth(2).click()
    page.keyboard.press("d")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Zq Needs Unit", timeout=15_000)
    names = dialog.locator(".assign-candidate").filter(has_text="Zq ")
    expect(names).to_have_count(3)
    expect(names.nth(0)).to_contain_text("Zq Mid Free")
    expect(names.nth(0)).to_contain_text("available")
    expect(names.nth(0)).to_contain_text(re.compile(r"\d+\.\d km · about \d+ min"))
    expect(names.nth(1)).to_contain_text("on 1 incident")
    expect(names.nth(2)).to_contain_text("far away")
    # Shortcuts never fire inside the dialog.
    page.keyboard.press("a")
    names.nth(1).click()  # the busy one: one more confirmation
    page.click("#assign-submit")
    expect(page.locator("#assign-confirm")).to_contain_text("Zq Near Busy is on 1 incident")
    page.click("#assign-submit")
    expect(dialog).to_have_count(0, timeout=15_000)
    expect(row).to_contain_text("Zq Near Busy")
    got = api_client.get(f"/v1/incidents/{inc['incident_id']}").json()
    assert [a["responder"]["name"] for a in got["responders"]] == ["Zq Near Busy"]
    assert free and far
