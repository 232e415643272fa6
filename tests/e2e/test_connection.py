"""A dead connection never looks live: the server process is frozen (SIGSTOP)
while a dispatcher watches the board, then thawed (SIGCONT)."""

from __future__ import annotations

import os
import signal

import pytest
from playwright.sync_api import expect

from tests.e2e.waiting import acknowledge_all_waiting
from tests.factories import incident_body, make_incident

pytestmark = pytest.mark.e2e


def _signal(pids: list[int], sig: signal.Signals) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def test_frozen_server_shows_lost_within_3s_then_catches_up(
        new_page, user_of, sign_in, api_client, e2e_app, screenshot) -> None:
    acknowledge_all_waiting(api_client)
    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Before Outage"})).json()
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    row = page.locator(f"#row-{inc['incident_id']}")
    expect(row).to_be_visible()
    indicator = page.locator("#live-indicator")
    expect(indicator).to_have_text("LIVE")
    expect(page).to_have_title("(1) Sety — Dispatch")

    pids = e2e_app.server_pids()
    _signal(pids, signal.SIGSTOP)
    try:
        # Within 3 s of silence (the heartbeat asks every second).
        expect(indicator).to_have_text("Connection lost — reconnecting", timeout=3000)
        expect(indicator).to_have_attribute("data-live", "no")
        expect(page.locator("#sety-main")).to_have_css("opacity", "0.45")
        expect(row.locator("[data-testid=sla-countdown]")).to_have_attribute("data-stale", "yes")
        expect(row.locator("[data-testid=sla-countdown]")).to_contain_text("stale")
        expect(row.locator(".row-ack")).to_be_disabled()
        expect(page.locator("#alert-ack")).to_be_disabled()
        expect(page.locator("#mute-toggle")).to_be_disabled()
        # Keys do nothing either (they would only queue up behind a dead line).
        row.locator("td").nth(2).click(force=True)
        page.keyboard.press("a")
        screenshot(page, "connection-lost")
        # Meanwhile another process records a new SOS straight into the
        # database: this server's bus never hears of it, only a reload can.
        during = make_incident(subject={"name": "During Outage"})
    finally:
        _signal(pids, signal.SIGCONT)

    expect(indicator).to_have_text("Reconnected", timeout=10_000)
    expect(page.locator(f"#row-{during}")).to_be_visible()
    expect(page.locator(f"#row-{during}")).to_contain_text("During Outage")
    expect(page).to_have_title("(2) Sety — Dispatch")
    expect(row.locator(".row-ack")).to_be_enabled()
    expect(row.locator("[data-testid=sla-countdown]")).to_have_attribute("data-stale", "no")
    expect(indicator).to_have_text("LIVE", timeout=10_000)
    assert api_client.get(f"/v1/incidents/{inc['incident_id']}").json()["status"] == "created"
    acknowledge_all_waiting(api_client)


def test_add_note_dialog_opens_while_server_is_frozen(
        new_page, user_of, sign_in, api_client, e2e_app) -> None:
    """Dialogs open in the browser: no round trip to a (here frozen) server."""
    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Dialog While Frozen"})).json()
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    page.goto(f"/incidents/{inc['incident_id']}")
    expect(page.locator("#action-note")).to_be_enabled()
    expect(page.locator("#live-indicator")).to_have_text("LIVE")

    pids = e2e_app.server_pids()
    _signal(pids, signal.SIGSTOP)
    try:
        page.click("#action-note")
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible(timeout=2000)
        expect(dialog).to_contain_text("Add a note")
        page.locator("#note-text").press_sequentially("Typed while the server slept")
    finally:
        _signal(pids, signal.SIGCONT)

    # The submit still goes to the server, once (the browser-made client id).
    page.dblclick("#note-submit")
    expect(page.get_by_role("dialog")).to_have_count(0, timeout=10_000)
    notes = page.locator("#timeline .sety-timeline-item[data-event=note_added]")
    expect(notes).to_have_count(1)
    expect(notes.first).to_contain_text("Typed while the server slept")
    acknowledge_all_waiting(api_client)
