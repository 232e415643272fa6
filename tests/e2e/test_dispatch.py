"""Dispatching from the dashboard in real Chromium: actions, roles, two browsers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body

pytestmark = pytest.mark.e2e


@pytest.fixture
def responder(api_client) -> dict:
    return api_client.post("/v1/responders", json={
        "name": "Unit 7 — Tunde", "phone": "+2348030000007", "role": "security",
        "unit": "Patrol 7"}).json()


def _incident(api_client, **overrides) -> dict:
    resp = api_client.post("/v1/incidents", json=incident_body(**overrides))
    assert resp.status_code == 201, resp.text
    return resp.json()


def _timeline(page):
    """The entries the dispatcher made (on a loaded machine the SLA ticker may
    add "SLA breached" ones in between: an SOS must be acknowledged in 15 s)."""
    return page.locator("#timeline .sety-timeline-item:not([data-event=sla_breached])")


def _fill_resolve(page, outcome: str, notes: str) -> None:
    """Nothing is pre-selected; a critical incident needs notes; closing asks once more."""
    page.click("#resolve-outcome")
    page.get_by_role("option", name=outcome).click()
    page.fill("#resolve-notes", notes)
    page.click("#resolve-submit")
    expect(page.locator("#resolve-confirm")).to_contain_text("Close this incident?")


def _notes(page):
    return page.locator("#timeline .sety-timeline-item[data-event=note_added]")


def _note_order(page) -> list[str]:
    """Whose notes, newest first, e.g. ["B", "A"]."""
    return ["A" if "Note from A" in t else "B" for t in _notes(page).all_inner_texts()]


def _open_incident(page, incident_id: str) -> None:
    page.goto(f"/incidents/{incident_id}")
    expect(page.locator("#incident-title")).to_be_visible()


def test_acknowledge_assign_note_resolve_from_the_ui(new_page, user_of, sign_in, api_client,
                                                      responder) -> None:
    inc = _incident(api_client, subject={"name": "Ngozi Eze", "phone": "+2348011111111"})
    user = user_of("dispatcher", name="Ada Okafor")
    page = new_page()
    sign_in(page, user)
    _open_incident(page, inc["incident_id"])
    expect(_timeline(page)).to_have_count(1)

    page.click("#action-acknowledge")
    expect(_timeline(page)).to_have_count(2)
    expect(_timeline(page).first).to_contain_text("Acknowledged by Ada Okafor")
    expect(page.locator("#action-acknowledge")).to_be_disabled()

    page.click("#action-assign")
    page.locator(".assign-candidate", has_text="Unit 7 — Tunde").click()
    page.fill("#assign-eta", "4")
    page.click("#assign-submit")
    expect(_timeline(page)).to_have_count(3)
    expect(_timeline(page).first).to_contain_text("Unit 7 — Tunde assigned, ETA 4 min")
    expect(page.locator(".assignment-row")).to_contain_text("Assigned")

    # "n" opens the note form (keyboard shortcut).
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.keyboard.press("n")
    page.fill("#note-text", "Called the subject back: she is safe at Gate B.")
    # A double click on "Add note" adds one note (the form's client id).
    page.dblclick("#note-submit")
    expect(page.get_by_role("dialog")).to_have_count(0)
    notes = page.locator("#timeline .sety-timeline-item[data-event=note_added]")
    expect(notes).to_have_count(1)
    last = notes.first
    expect(last).to_contain_text("Called the subject back: she is safe at Gate B.")
    expect(last).to_contain_text("Ada Okafor")

    page.click("#action-resolve")
    expect(page.locator("#resolve-outcome")).to_contain_text("Choose how it ended")
    page.click("#resolve-submit")
    expect(page.locator(".dialog-error")).to_contain_text("Choose how it ended")
    page.click("#resolve-outcome")
    page.get_by_role("option", name="False alarm").click()
    page.click("#resolve-submit")
    expect(page.locator(".dialog-error")).to_contain_text(
        "A critical incident needs resolution notes")
    _fill_resolve(page, "False alarm", "Pressed by mistake.")
    page.click("#resolve-submit")
    expect(_timeline(page).first).to_contain_text("Resolved (false alarm): Pressed by mistake.")
    expect(_timeline(page).first).to_contain_text("Ada Okafor")
    expect(page.locator("#action-resolve")).to_be_disabled()

    # The API sees exactly what the dashboard did, in order, with the user.
    final = api_client.get(f"/v1/incidents/{inc['incident_id']}").json()
    # (On a loaded machine the SLA ticker may add "sla_breached" entries.)
    assert [t["event"] for t in final["timeline"] if t["event"] != "sla_breached"] == [
        "created", "acknowledged", "responder_assigned", "note_added", "resolved"]
    assert final["status"] == "resolved" and final["resolution_outcome"] == "false_alarm"
    assert {t["actor"] for t in final["timeline"][1:]
            if t["event"] != "sla_breached"} == {f"user:{user.user_id}"}


def test_a_second_browser_sees_the_first_ones_note_live(new_page, user_of, sign_in,
                                                        api_client) -> None:
    inc = _incident(api_client)
    first, second = new_page(), new_page()
    sign_in(first, user_of("dispatcher", name="Bola First"))
    sign_in(second, user_of("dispatcher", name="Chidi Second"))
    _open_incident(first, inc["incident_id"])
    _open_incident(second, inc["incident_id"])

    first.click("#action-note")
    first.fill("#note-text", "Subject's brother is on his way.")
    first.click("#note-submit")
    note = second.locator("#timeline .sety-timeline-item", has_text="Subject's brother is on his way.")
    expect(note).to_be_visible(timeout=10_000)
    expect(note).to_contain_text("Bola First")

    # And an event made through the API reaches both open pages.
    api_client.post(f"/v1/incidents/{inc['incident_id']}/notes",
                    json={"message": "Mobile app: subject moved indoors"})
    for page in (first, second):
        expect(page.locator("#timeline")).to_contain_text("Mobile app: subject moved indoors",
                                                          timeout=10_000)


def test_two_dispatchers_at_once_lose_nothing_and_the_late_one_is_told(
        new_page, user_of, sign_in, api_client) -> None:
    inc = _incident(api_client)
    a, b = new_page(), new_page()
    sign_in(a, user_of("dispatcher", name="Dayo A"))
    sign_in(b, user_of("dispatcher", name="Efe B"))
    _open_incident(a, inc["incident_id"])
    _open_incident(b, inc["incident_id"])

    # Both write a note at the same moment: both are kept, in one order, everywhere.
    for page, text in ((a, "Note from A"), (b, "Note from B")):
        page.click("#action-note")
        page.fill("#note-text", text)
    a.click("#note-submit", no_wait_after=True)
    b.click("#note-submit", no_wait_after=True)
    # Counted by kind: on a loaded machine the acknowledge SLA may already have
    # put an "SLA breached" entry on the timeline too.
    for page in (a, b):
        expect(_notes(page)).to_have_count(2)
    assert _note_order(a) == _note_order(b)

    # B opens the resolve form; A resolves first; B's resolve is now invalid.
    b.click("#action-resolve")
    _fill_resolve(b, "Handled", "B's account")
    a.click("#action-resolve")
    _fill_resolve(a, "Handled", "Walked her to the gate")
    a.click("#resolve-submit")
    expect(_timeline(a).first).to_contain_text("Resolved")
    # Closed: the header shows no live SLA (no flame), the outcome is in words.
    expect(a.locator("#incident-outcome")).to_have_text("Handled")
    b.click("#resolve-submit")
    expect(b.locator(".dialog-error")).to_contain_text("already resolved")
    expect(_timeline(b).first).to_contain_text("Resolved (handled)")
    expect(_timeline(b).first).to_contain_text("Dayo A")
    assert _timeline(a).all_inner_texts() == _timeline(b).all_inner_texts()


def test_only_a_supervisor_cancels_a_drill(new_page, user_of, sign_in, api_client) -> None:
    drill = _incident(api_client, is_drill=True, category="fire",
                      subject={"name": "Fire drill, Block C"})
    dispatcher = new_page()
    sign_in(dispatcher, user_of("dispatcher"))
    _open_incident(dispatcher, drill["incident_id"])
    cancel = dispatcher.locator("#action-cancel")
    expect(cancel).to_be_disabled()
    # The disabled button says why. (That the server refuses the event even
    # when sent anyway is tests/e2e/test_server_guard.py.)
    cancel.locator("xpath=..").hover()
    expect(dispatcher.get_by_role("tooltip")).to_contain_text(
        "Only a supervisor or an admin can cancel a drill")

    supervisor = new_page()
    sign_in(supervisor, user_of("supervisor", name="Sade Supervisor"))
    _open_incident(supervisor, drill["incident_id"])
    supervisor.click("#action-cancel")
    supervisor.fill("#cancel-reason", "Drill finished early")
    supervisor.click("#cancel-submit")
    # Ending a drill opens its scorecard (issue 13); the timeline is on Details.
    expect(supervisor.locator("#scorecard-headline")).to_contain_text("Drill cancelled after")
    supervisor.click("#tab-details")
    expect(_timeline(supervisor).first).to_contain_text("Cancelled: Drill finished early")
    expect(_timeline(supervisor).first).to_contain_text("Sade Supervisor")
    # The dispatcher's open page follows live.
    expect(_timeline(dispatcher).first).to_contain_text("Cancelled: Drill finished early")


def test_a_dispatcher_cancels_a_real_incident_with_a_reason(new_page, user_of, sign_in,
                                                            api_client) -> None:
    inc = _incident(api_client)
    page = new_page()
    sign_in(page, user_of("dispatcher", name="Femi Dispatcher"))
    _open_incident(page, inc["incident_id"])
    page.click("#action-cancel")
    page.click("#cancel-submit")
    expect(page.locator(".dialog-error")).to_contain_text("reason")
    page.fill("#cancel-reason", "Duplicate of an earlier call")
    page.click("#cancel-submit")
    expect(_timeline(page).first).to_contain_text("Cancelled: Duplicate of an earlier call")
    expect(_timeline(page).first).to_contain_text("Femi Dispatcher")


def test_times_carry_the_zone_and_lost_pages_keep_the_frame(new_page, user_of, sign_in,
                                                           api_client) -> None:
    inc = _incident(api_client, subject={"name": "Zone Person"})
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    row = page.locator(f"#row-{inc['incident_id']}")
    # Today: HH:MM:SS with the zone named (the test server runs in UTC), age beside.
    expect(row.locator("[data-testid=local-time]")).to_have_text(
        re.compile(r"^\d\d:\d\d:\d\d UTC$"))
    expect(row).to_contain_text(re.compile(r"seconds? ago|a minute ago"))
    _open_incident(page, inc["incident_id"])
    expect(page.locator("#incident-created")).to_contain_text(re.compile(r"\d\d:\d\d:\d\d UTC"))
    expect(page.locator("#timeline [data-testid=local-time]").first).to_have_text(
        re.compile(r"^\d\d:\d\d:\d\d UTC$"))

    page.goto("/incidents/inc_doesnotexist0000")
    expect(page.locator("#incident-not-found")).to_contain_text("There is no incident")
    expect(page.locator("#live-indicator")).to_be_visible()  # the frame is there
    page.click("#back-to-board")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/nope")
    expect(page.locator("#page-not-found")).to_contain_text("There is no page at this address")
    expect(page.locator("#live-indicator")).to_be_visible()
    page.click("#back-home")
    expect(page.locator("#board-table, #board-empty").first).to_be_visible()
