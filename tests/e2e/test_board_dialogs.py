"""The board's note and assign dialogs open in the browser: with the server
frozen (SIGSTOP) a click, or n / d on the highlighted row, shows the dialog
named after the row; after it resumes, one submission acts once; while the
connection is lost, a submission is refused where the dispatcher sees it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body, make_incident

pytestmark = pytest.mark.e2e

SELECTED = re.compile(r"\bsety-row-selected\b")


def _acknowledged(api_client, name: str, **overrides) -> dict:
    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": name}, **overrides)).json()
    api_client.post(f"/v1/incidents/{inc['incident_id']}/acknowledge", json={})
    return inc


def _board_row(new_page, user_of, sign_in, incident_id: str):
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    row = page.locator(f"#row-{incident_id}")
    expect(row).to_have_attribute("data-status", "acknowledged")
    expect(page.locator("#live-indicator")).to_have_attribute("data-live", "yes")
    return page, row


def _highlight(row) -> None:
    row.locator("td").nth(2).click()
    expect(row).to_have_class(SELECTED)


def _wait_live(page) -> None:
    """After a short freeze: the heartbeat answers again (whether or not the
    freeze lasted long enough to be called lost)."""
    expect(page.locator("#live-indicator")).to_have_attribute("data-live", "yes",
                                                              timeout=10_000)


def test_note_and_assign_dialogs_open_while_the_server_is_frozen(
        new_page, user_of, sign_in, api_client, e2e_app) -> None:
    inc = _acknowledged(api_client, "Frozen Dialog Person")
    page, row = _board_row(new_page, user_of, sign_in, inc["incident_id"])
    _highlight(row)
    dialog = page.get_by_role("dialog")
    note_button = row.locator(".row-note")

    # Each opening gets its own short freeze (opening and checking only),
    # well under the 2.5 s after which the page is, rightly, made inert as
    # "connection lost". The dialog is closed after the server resumes.
    note_button.click(trial=True)  # settled where it will be clicked
    with e2e_app.frozen():
        note_button.click()
        expect(dialog).to_be_visible(timeout=1000)
        expect(dialog).to_contain_text("Add a note", timeout=1000)
        expect(page.locator("#board-note-for")).to_have_text(inc["title"], timeout=1000)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    _wait_live(page)

    with e2e_app.frozen():
        page.keyboard.press("n")  # the highlighted row
        expect(dialog).to_be_visible(timeout=1000)
        expect(page.locator("#board-note-for")).to_have_text(inc["title"], timeout=1000)
        # Keys typed into the dialog are text, not shortcuts.
        page.locator("#board-note-text").press_sequentially("dn")
        expect(page.locator("#board-note-text")).to_have_value("dn", timeout=1000)
    expect(page.locator("#assign-for")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    _wait_live(page)

    with e2e_app.frozen():
        page.keyboard.press("d")
        expect(dialog).to_be_visible(timeout=1000)
        expect(dialog).to_contain_text("Assign a responder", timeout=1000)
        expect(page.locator("#assign-for")).to_have_text(inc["title"], timeout=1000)
        expect(dialog).to_contain_text("Loading the on-duty roster", timeout=1000)
    # The list is the server's: it fills in once the server answers.
    expect(dialog).not_to_contain_text("Loading the on-duty roster", timeout=15_000)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    _wait_live(page)

    # Opened while frozen, submitted twice after it resumes: one note.
    with e2e_app.frozen():
        note_button.click()
        expect(dialog).to_be_visible(timeout=1000)
    page.locator("#board-note-text").fill("Called back, all calm")
    _wait_live(page)
    page.dblclick("#board-note-submit")
    expect(dialog).to_have_count(0, timeout=15_000)
    timeline = api_client.get(f"/v1/incidents/{inc['incident_id']}").json()["timeline"]
    notes = [t for t in timeline if t["event"] == "note_added"]
    assert len(notes) == 1, notes
    assert "Called back, all calm" in str(notes[0])


def test_assign_from_the_board_assigns_the_chosen_unit(
        new_page, user_of, sign_in, api_client, e2e_app, screenshot) -> None:
    unit = api_client.post("/v1/responders", json={
        "name": "Zd Board Pick", "role": "medic",
        "location": {"coordinates": [3.3800, 6.5250]}}).json()
    other = api_client.post("/v1/responders", json={
        "name": "Zd Not Chosen", "role": "security",
        "location": {"coordinates": [3.3790, 6.5240]}}).json()
    inc = _acknowledged(api_client, "Zd Needs A Unit")
    page, row = _board_row(new_page, user_of, sign_in, inc["incident_id"])
    dialog = page.get_by_role("dialog")

    assign_button = row.locator(".row-assign")
    assign_button.click(trial=True)
    with e2e_app.frozen():
        assign_button.click()
        expect(dialog).to_be_visible(timeout=1000)
        expect(page.locator("#assign-for")).to_have_text(inc["title"], timeout=1000)
        expect(dialog).to_contain_text("Loading the on-duty roster", timeout=1000)
    expect(row).to_have_class(SELECTED)  # the row acted on is the highlighted one
    pick = dialog.locator(".assign-candidate", has_text="Zd Board Pick")
    expect(pick).to_be_visible(timeout=15_000)
    expect(dialog.locator(".assign-candidate", has_text="Zd Not Chosen")).to_be_visible()
    pick.click()
    expect(pick).to_have_attribute("aria-checked", "true")
    screenshot(page, "board-assign-dialog")
    page.dblclick("#assign-submit")
    expect(dialog).to_have_count(0, timeout=15_000)
    expect(row).to_contain_text("Zd Board Pick")
    got = api_client.get(f"/v1/incidents/{inc['incident_id']}").json()
    assert [a["responder"]["name"] for a in got["responders"]] == ["Zd Board Pick"]
    assert unit and other


def test_a_note_sent_while_the_line_is_lost_is_refused_in_sight_then_sent(
        new_page, user_of, sign_in, api_client, e2e_app, screenshot) -> None:
    inc = _acknowledged(api_client, "Lost Line Note")
    page, row = _board_row(new_page, user_of, sign_in, inc["incident_id"])
    row.locator(".row-note").click()
    dialog = page.get_by_role("dialog")
    expect(page.locator("#board-note-for")).to_have_text(inc["title"])
    page.locator("#board-note-text").fill("Written before the line dropped")
    notice = dialog.get_by_test_id("lost-notice")
    expect(notice).to_be_hidden()
    screenshot(page, "board-note-dialog")

    indicator = page.locator("#live-indicator")
    with e2e_app.frozen():
        # (Within 3 s is test_connection.py's to measure; here, the refusal.)
        expect(indicator).to_have_attribute("data-live", "no", timeout=10_000)
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("Connection lost")
        expect(page.locator("#board-note-submit")).to_have_attribute("aria-disabled", "true")
        expect(page.locator("#board-note-submit")).to_have_css("pointer-events", "none")
        screenshot(page, "board-note-dialog-lost")
        # Even a submission that gets past the button (Enter, a script) is stopped.
        page.locator("#board-note-text").evaluate("el => el.form.requestSubmit()")
        # Recorded behind this server's back: its row shows once the page's
        # catch-up reload (sent after anything queued before it) is done.
        during = make_incident(subject={"name": "Lost Line Marker"})
    expect(indicator).to_have_text("Reconnected", timeout=10_000)
    expect(notice).to_be_hidden()
    expect(page.locator(f"#row-{during}")).to_have_count(1, timeout=15_000)
    # Nothing was queued behind the dead line and sent on its own…
    expect(dialog).to_be_visible()
    expect(page.locator("#board-note-text")).to_have_value("Written before the line dropped")
    timeline = api_client.get(f"/v1/incidents/{inc['incident_id']}").json()["timeline"]
    assert [t for t in timeline if t["event"] == "note_added"] == []
    # …and the text is still there to send now.
    page.click("#board-note-submit")
    expect(dialog).to_have_count(0, timeout=15_000)
    timeline = api_client.get(f"/v1/incidents/{inc['incident_id']}").json()["timeline"]
    assert len([t for t in timeline if t["event"] == "note_added"]) == 1
    api_client.post(f"/v1/incidents/{during}/acknowledge", json={})


def test_start_drill_dialog_opens_while_the_server_is_frozen(
        new_page, user_of, sign_in, e2e_app) -> None:
    page = new_page()
    sign_in(page, user_of("supervisor"))
    expect(page.locator("#board-table, #board-empty").first).to_be_visible()
    expect(page.locator("#live-indicator")).to_have_attribute("data-live", "yes")
    button = page.locator("#start-drill")
    button.click(trial=True)  # settled where it will be clicked
    dialog = page.get_by_role("dialog")
    with e2e_app.frozen():
        button.click()
        expect(dialog).to_be_visible(timeout=1000)
        expect(dialog.get_by_role("heading")).to_have_text("Start a drill", timeout=1000)
    # After the server answers, the form is its own (the known sites loaded);
    # closing it in the browser closes it.
    _wait_live(page)
    expect(page.locator("#drill-review")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
