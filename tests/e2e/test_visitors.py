"""The visitor board in real Chromium: codes, check-in and out, live boards,
CSV export, the front desk's limits, and the muster roll call.

Each test works at a site of its own (the e2e database is shared by the
whole session), opened with `/visitors?site=…`.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.parse
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True, scope="module")
def _patient_expect():
    """Several tabs at once on a busy shared machine: a page can take more
    than Playwright's default 5 s to come up."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def _site() -> str:
    return f"Lobby {uuid.uuid4().hex[:6]}"


def _open_board(page: Any, site: str) -> None:
    page.goto(f"/visitors?site={urllib.parse.quote(site)}")
    # Generous: on a busy shared machine a board can take over 5 s to load.
    expect(page.locator("#site-select")).to_contain_text(site, timeout=15_000)
    page.wait_for_selector("#inside-table, #inside-empty")
    expect(page.locator("#live-indicator")).to_have_attribute("data-live", "yes")


def _inside(page: Any):
    return page.locator("#inside-table .inside-row")


def _walk_in(api_client, name: str, site: str, **fields: Any) -> dict:
    resp = api_client.post("/v1/access-logs", json={"visitor_name": name, "site": site, **fields})
    assert resp.status_code == 201, resp.text
    return resp.json()


def _desk(new_page, user_of, sign_in, site: str, name: str | None = None,
          role: str = "front_desk") -> Any:
    page = new_page()
    sign_in(page, user_of(role, name=name))
    page.wait_for_url("**/visitors**")  # the front desk's home page
    # Let the landing page finish loading first: a load still running when
    # the next address opens would end after it, in the same tab's state.
    page.wait_for_selector("#desk-site-chooser, #site-select", timeout=15_000)
    _open_board(page, site)  # `?site=` sets the desk's site
    return page


def test_issue_a_code_and_check_in_with_it(new_page, user_of, sign_in, api_client,
                                           screenshot) -> None:
    site = _site()
    page = _desk(new_page, user_of, sign_in, site, name="Funmi Desk")
    page.fill("#issue-name", "Chidi Okeke")
    page.fill("#issue-phone", "+2348031234567")
    page.fill("#issue-host", "Ngozi (Finance)")
    page.fill("#issue-purpose", "Interview")
    page.click("#issue-submit")
    shown = page.locator("#issued-code")
    expect(shown).to_have_text(re.compile(r"^\d{6}$"))
    code = shown.inner_text()
    # Large enough to read out across a desk.
    assert float(shown.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px")) >= 48
    screenshot(page, "visitors-code-issued")
    listed = api_client.get("/v1/access-codes", params={"q": code}).json()["data"]
    assert [(c["visitor_name"], c["site"], c["max_uses"], c["status"]) for c in listed] == [
        ("Chidi Okeke", site, 1, "active")]
    assert listed[0]["created_by"].startswith("user:")
    page.click("#issued-done")
    # The dialog closes when the server says so: typing before it has gone
    # would type into a modal page (the race this test once lost).
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator(f".code-row[data-code='{code}']")).to_be_visible()

    # Typed at the desk: checked as it is typed, then used.
    page.fill("#checkin-code", code)
    expect(page.locator("#checkin-code")).to_have_value(code)
    expect(page.locator("#issue-purpose")).to_have_value("")
    status = page.locator("#code-status")
    expect(status).to_have_attribute("data-reason", "ok")
    expect(status).to_contain_text("Valid")
    expect(status).to_contain_text("Chidi Okeke")
    page.click("#checkin-submit")
    row = _inside(page).filter(has_text="Chidi Okeke")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Ngozi (Finance)")
    expect(page.locator("#stat-inside")).to_have_text("1")
    expect(page.locator("#stat-visits")).to_have_text("1")
    expect(page.locator("#checkin-code")).to_have_value("")
    current = api_client.get("/v1/access-logs/current", params={"site": site}).json()
    assert [(v["visitor_name"], v["method"], v["checked_in_by_name"])
            for v in current["data"]] == [("Chidi Okeke", "access_code", "Funmi Desk")]
    code_now = api_client.get(f"/v1/access-codes/{listed[0]['code_id']}").json()
    assert (code_now["uses"], code_now["status"]) == (1, "exhausted")
    # The used-up code leaves the board's live codes.
    expect(page.locator(f".code-row[data-code='{code}']")).to_have_count(0)


def test_a_reused_one_use_code_is_refused_with_the_reason(new_page, user_of, sign_in,
                                                          api_client, screenshot) -> None:
    site = _site()
    code = api_client.post("/v1/access-codes", json={
        "visitor_name": "Bola Ade", "site": site, "max_uses": 1}).json()
    first = api_client.post("/v1/access-logs", json={"access_code": code["code"], "site": site})
    assert first.status_code == 201, first.text
    page = _desk(new_page, user_of, sign_in, site)
    expect(_inside(page)).to_have_count(1)

    page.fill("#checkin-code", code["code"])
    status = page.locator("#code-status")
    expect(status).to_have_attribute("data-reason", "exhausted")
    expect(status).to_contain_text("already been used")
    page.fill("#checkin-name", "Someone Else")
    page.click("#checkin-submit")
    refusal = page.locator("#checkin-error")
    expect(refusal).to_have_attribute("data-reason", "exhausted")
    expect(refusal).to_contain_text("This one-use access code has already been used")
    screenshot(page, "visitors-code-refused")
    # Nobody was checked in, and the refusal was recorded.
    expect(_inside(page)).to_have_count(1)
    current = api_client.get("/v1/access-logs/current", params={"site": site}).json()
    assert [v["visitor_name"] for v in current["data"]] == ["Bola Ade"]
    stats = api_client.get("/v1/access-logs/stats", params={"site": site}).json()
    assert stats["denied_attempts"] == 1 and stats["total_visits"] == 1
    # The name typed stays, so the desk can check them in another way.
    expect(page.locator("#checkin-name")).to_have_value("Someone Else")


def test_checkout_removes_the_visitor_on_a_second_open_board(new_page, user_of, sign_in,
                                                             api_client, screenshot) -> None:
    site = _site()
    first = _desk(new_page, user_of, sign_in, site)
    second = _desk(new_page, user_of, sign_in, site)
    # Checked in through the API: both open boards show it without a reload.
    visit = _walk_in(api_client, "Ngozi Eze", site, host_name="Amaka (HR)")
    other = _walk_in(api_client, "Tunde Bello", site)
    for page in (first, second):
        expect(page.locator(f"#inside-{visit['log_id']}")).to_be_visible(timeout=2000)
        expect(_inside(page)).to_have_count(2)
    # A board for another site does not list them.
    elsewhere = _desk(new_page, user_of, sign_in, _site())
    expect(elsewhere.locator("#inside-empty")).to_be_visible()

    first.locator(f"#inside-{visit['log_id']} .checkout").click()
    expect(second.locator(f"#inside-{visit['log_id']}")).to_have_count(0, timeout=2000)
    expect(first.locator(f"#inside-{visit['log_id']}")).to_have_count(0)
    expect(second.locator(f"#inside-{other['log_id']}")).to_be_visible()
    expect(second.locator("#stat-inside")).to_have_text("1")
    screenshot(second, "visitors-second-board-after-checkout")
    after = api_client.get(f"/v1/access-logs/{visit['log_id']}").json()
    assert after["status"] == "checked_out" and after["check_out_at"]
    # The log keeps the visit, with its stay.
    expect(second.locator(f".log-row[data-log-id='{visit['log_id']}']")).to_contain_text("min")
    # Times in the one clock format with the zone named (the e2e server runs in UTC).
    clock = re.compile(r"^\d\d:\d\d:\d\d UTC$")
    expect(second.locator(f"#inside-{other['log_id']} [data-testid=local-time]")).to_have_text(
        clock)
    log_times = second.locator(f".log-row[data-log-id='{visit['log_id']}'] "
                               "[data-testid=local-time]")
    expect(log_times).to_have_count(2)  # in and out
    expect(log_times.nth(1)).to_have_text(clock)


def test_csv_export_downloads_the_shown_rows(new_page, user_of, sign_in, api_client) -> None:
    site = _site()
    names = ["Okeke Ada", "Okafor Bola", "Musa Chinedu", "Okon Dayo"]
    visits = {n: _walk_in(api_client, n, site, purpose="Meeting") for n in names}
    api_client.post(f"/v1/access-logs/{visits['Okafor Bola']['log_id']}/checkout", json={})
    page = _desk(new_page, user_of, sign_in, site)
    rows = page.locator("#log-table .log-row")
    expect(rows).to_have_count(4)
    page.fill("#log-search", "oka")
    expect(rows).to_have_count(1)
    page.fill("#log-search", "ok")
    expect(rows).to_have_count(3)
    expect(page.locator("#log-count")).to_contain_text("3 of 3")
    shown = [rows.nth(i).get_attribute("data-log-id") for i in range(3)]

    with page.expect_download() as info:
        page.click("#export-csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    assert "lobby" in download.suggested_filename
    text = open(download.path(), encoding="utf-8").read()
    table = list(csv.DictReader(io.StringIO(text)))
    assert [r["log_id"] for r in table] == shown  # the same rows, in the same order
    assert {r["visitor_name"] for r in table} == {"Okeke Ada", "Okafor Bola", "Okon Dayo"}
    bola = next(r for r in table if r["visitor_name"] == "Okafor Bola")
    assert bola["status"] == "checked_out" and int(bola["duration_s"]) >= 0
    assert {r["site"] for r in table} == {site}


def test_front_desk_sees_the_open_sos_count_but_no_incident(new_page, user_of, sign_in,
                                                          api_client) -> None:
    site = _site()
    page = _desk(new_page, user_of, sign_in, site)
    before = int(page.locator("#stat-sos").inner_text())
    sos = api_client.post("/v1/incidents", json=incident_body(
        site=site, subject={"name": "Hidden Subject", "phone": "+2348000000001"})).json()
    expect(page.locator("#stat-sos")).to_have_text(str(before + 1), timeout=2000)
    api_client.post(f"/v1/incidents/{sos['incident_id']}/resolve",
                    json={"resolution_outcome": "handled"})
    expect(page.locator("#stat-sos")).to_have_text(str(before), timeout=2000)
    expect(page.locator("body")).not_to_contain_text("Hidden Subject")
    # The incident page is not for the front desk.
    page.goto(f"/incidents/{sos['incident_id']}")
    expect(page.locator("#access-denied")).to_be_visible()
    expect(page.locator("#incident-title")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Hidden Subject")


def test_the_muster_panel_marks_people_accounted_for_on_the_timeline(
        new_page, user_of, sign_in, api_client, screenshot) -> None:
    site = _site()
    chidi = _walk_in(api_client, "Chidi Okeke", site, host_name="Emeka (IT)")
    ngozi = _walk_in(api_client, "Ngozi Eze", site, visitor_phone="+2348061112222")
    _walk_in(api_client, "Elsewhere Person", _site())
    desk = _desk(new_page, user_of, sign_in, site, name="Funmi Desk")
    expect(desk.locator(".muster-card")).to_have_count(0)

    fire = api_client.post("/v1/incidents", json=incident_body(
        category="fire", site=site, subject={"name": "Fire alarm, 3rd floor"})).json()
    # The desk's board shows the muster list as the alarm comes in.
    card = desk.locator(".muster-card")
    expect(card).to_have_count(1, timeout=2000)
    expect(card).to_contain_text("FIRE — ROLL CALL")
    expect(card.locator(".muster-person")).to_have_count(2)
    expect(card).to_contain_text("0 of 2 safe, 2 missing")
    expect(desk.locator("body")).not_to_contain_text("Fire alarm, 3rd floor")

    dispatcher = new_page()
    sign_in(dispatcher, user_of("dispatcher", name="Ada Dispatcher"))
    dispatcher.goto(f"/incidents/{fire['incident_id']}")
    expect(dispatcher.locator("#incident-title")).to_be_visible()
    panel = dispatcher.locator(".muster-card")
    expect(panel.locator(".muster-person")).to_have_count(2)
    # Someone arriving during the emergency joins both lists, live.
    late = _walk_in(api_client, "Late Arrival", site)
    for page in (dispatcher, desk):
        expect(page.locator(f".muster-person[data-log-id='{late['log_id']}']")).to_be_visible(
            timeout=2000)
    expect(card).to_contain_text("0 of 3 safe, 3 missing")
    screenshot(dispatcher, "incident-muster-before")

    panel.locator(f".muster-person[data-log-id='{chidi['log_id']}'] .muster-mark").click()
    timeline = dispatcher.locator("#timeline")
    expect(timeline).to_contain_text("Chidi Okeke accounted for")
    expect(timeline.locator(".sety-timeline-item").first).to_contain_text("Ada Dispatcher")  # newest first
    # The desk's board follows live, and the desk marks the other person.
    chidi_at_desk = card.locator(f".muster-person[data-log-id='{chidi['log_id']}']")
    expect(chidi_at_desk).to_have_attribute("data-accounted", "yes", timeout=2000)
    card.locator(f".muster-person[data-log-id='{ngozi['log_id']}'] .muster-mark").click()
    expect(card).to_contain_text("2 of 3 safe, 1 missing")
    # … which lands on the dispatcher's open timeline and panel.
    expect(timeline).to_contain_text("Ngozi Eze accounted for", timeout=2000)
    expect(panel).to_contain_text("2 of 3 safe, 1 missing")
    screenshot(dispatcher, "incident-muster-after")
    screenshot(desk, "visitors-muster")

    final = api_client.get(f"/v1/incidents/{fire['incident_id']}").json()
    notes = [(t["message"], t["actor"]) for t in final["timeline"] if t["event"] == "note_added"]
    assert [m for m, _ in notes] == ["Chidi Okeke accounted for", "Ngozi Eze accounted for"]
    assert all(actor.startswith("user:") for _, actor in notes)
    muster = api_client.get(f"/v1/incidents/{fire['incident_id']}/muster").json()
    assert (muster["accounted"], muster["missing"]) == (2, 1)
    assert {r["accounted_by"] for r in muster["data"]} == {"Ada Dispatcher", "Funmi Desk", None}
    # Once the fire is over the desk's card goes; the incident page keeps the roll.
    api_client.post(f"/v1/incidents/{fire['incident_id']}/resolve",
                    json={"resolution_outcome": "handled"})
    expect(card).to_have_count(0, timeout=2000)
    expect(panel).to_contain_text("Closed")
    expect(panel.locator(".muster-mark")).to_have_count(0)


def test_a_medical_incident_shows_no_muster_panel(new_page, user_of, sign_in,
                                                  api_client) -> None:
    site = _site()
    _walk_in(api_client, "Someone Inside", site)
    medical = api_client.post("/v1/incidents", json=incident_body(
        category="medical", site=site)).json()
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    page.goto(f"/incidents/{medical['incident_id']}")
    expect(page.locator("#incident-title")).to_be_visible()
    expect(page.locator("#timeline .sety-timeline-item")).to_have_count(1)
    expect(page.locator(".muster-card")).to_have_count(0)


def test_the_board_with_demo_data(new_page, user_of, sign_in, api_client, screenshot) -> None:
    """A month of demo traffic at the three demo sites: what a desk really sees
    (the screenshots are looked at), and the figures agree with the API."""
    import random
    from datetime import UTC, datetime

    from sety_dashboard.core.db import write_session
    from sety_dashboard.demo.access_demo import seed_access_demo

    # A supervisor: the one who may also look at every site at once.
    user = user_of("supervisor", name="Funmi Balogun")
    with write_session() as session:
        seed_access_demo(session, random.Random(20261130), datetime.now(UTC))
    drill = api_client.post("/v1/incidents", json=incident_body(
        category="fire", site="HQ", is_drill=True, subject={"name": "Fire drill, HQ"})).json()
    try:
        page = new_page(1600, 1100)
        sign_in(page, user)
        page.wait_for_url("**/")  # a supervisor lands on the dispatch board
        _open_board(page, "HQ")
        inside = api_client.get("/v1/access-logs/current", params={"site": "HQ"}).json()
        expect(_inside(page)).to_have_count(inside["count"])
        expect(page.locator("#stat-inside")).to_have_text(str(inside["count"]))
        # The demo's overstayer is flagged, and nobody else.
        overstays = {v["visitor_name"] for v in inside["data"] if v["overstay"]}
        assert overstays == {"Oluwaseun Martins"}
        flagged = page.locator(".inside-row:has([data-overstay='yes'])")
        expect(flagged).to_have_count(1)
        expect(flagged).to_contain_text("Oluwaseun Martins")
        expect(flagged).to_contain_text("OVERSTAY")
        today = datetime.now(UTC).strftime("%Y-%m-%dT00:00:00Z")
        stats = api_client.get("/v1/access-logs/stats",
                               params={"site": "HQ", "since": today}).json()
        expect(page.locator("#stat-visits")).to_have_text(str(stats["total_visits"]))
        expect(page.locator("#stat-peak")).to_have_text(str(stats["peak_occupancy"]))
        card = page.locator(".muster-card")
        expect(card).to_contain_text("FIRE DRILL — ROLL CALL")
        expect(card.locator(".muster-drill")).to_have_text("DRILL")
        expect(card.locator(".muster-person")).to_have_count(inside["count"])
        screenshot(page, "visitors-demo-hq")

        page.click("#site-select")
        page.get_by_role("option", name="All sites").click()
        expect(page.locator("#site-select")).to_contain_text("All sites")
        everyone = api_client.get("/v1/access-logs/current").json()
        expect(_inside(page)).to_have_count(everyone["count"])
        assert page.evaluate("window.location.search") == ""
        screenshot(page, "visitors-demo-all-sites")
        page.click("#theme-toggle")
        page.wait_for_function("!document.documentElement.classList.contains('dark')")
        screenshot(page, "visitors-demo-all-sites-light")
    finally:
        api_client.post(f"/v1/incidents/{drill['incident_id']}/cancel",
                        json={"reason": "demo screenshots done"})


def test_a_code_for_later_then_revoked(new_page, user_of, sign_in, api_client,
                                       screenshot) -> None:
    from datetime import UTC, datetime, timedelta

    site = _site()
    page = _desk(new_page, user_of, sign_in, site)
    # The e2e server's desk time zone is UTC (SETY_TIMEZONE unset).
    opens = (datetime.now(UTC) + timedelta(days=2)).replace(hour=8, minute=0, second=0,
                                                            microsecond=0)
    page.fill("#issue-name", "Grace Etim")
    page.fill("#issue-from", opens.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#issue-hours", "10")
    page.fill("#issue-uses", "3")
    page.fill("#issue-custom", "audit7")
    page.click("#issue-submit")
    expect(page.locator("#issued-code")).to_have_text("audit7")
    code = api_client.get("/v1/access-codes", params={"q": "AUDIT7", "status": "active"}).json()
    [issued] = code["data"]
    assert issued["valid_from"] == opens.strftime("%Y-%m-%dT%H:%M:00.000Z")
    assert issued["valid_until"] == (opens + timedelta(hours=10)).strftime(
        "%Y-%m-%dT%H:%M:00.000Z")
    assert (issued["max_uses"], issued["site"]) == (3, site)
    page.click("#issued-use")  # fills the check-in form with it
    expect(page.locator("#checkin-code")).to_have_value("audit7")
    expect(page.locator("#code-status")).to_have_attribute("data-reason", "not_yet_valid")
    expect(page.locator("#code-status")).to_contain_text("Not yet valid")
    # The same custom code cannot be issued twice while it is live.
    page.fill("#issue-name", "Someone Else")
    page.fill("#issue-custom", "AUDIT7")
    page.click("#issue-submit")
    expect(page.locator("#issue-error")).to_contain_text("already in use")

    row = page.locator(".code-row[data-code='audit7']")
    expect(row).to_contain_text("from")
    row.locator(".code-revoke").click()
    page.click("#revoke-confirm")
    expect(row).to_have_count(0)
    assert api_client.get(f"/v1/access-codes/{issued['code_id']}").json()["status"] == "revoked"
    page.fill("#checkin-code", "")
    page.fill("#checkin-code", "AUDIT7")
    expect(page.locator("#code-status")).to_have_attribute("data-reason", "revoked")
    expect(page.locator("#code-status")).to_contain_text("has been revoked")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "visitors-code-revoked")


def test_the_overstay_flag_comes_on_in_the_browser_when_the_code_runs_out(
        new_page, user_of, sign_in, api_client) -> None:
    """No server event marks an overstay: the board's own clock does, at the
    code's valid_until (Playwright moves the page's clock forward)."""
    from datetime import UTC, datetime, timedelta

    site = _site()
    until = datetime.now(UTC) + timedelta(minutes=15)
    code = api_client.post("/v1/access-codes", json={
        "visitor_name": "Short Visit", "site": site,
        "valid_until": until.isoformat().replace("+00:00", "Z")}).json()
    visit = api_client.post("/v1/access-logs", json={"access_code": code["code"]}).json()
    page = new_page()
    page.clock.install()
    sign_in(page, user_of("front_desk"))
    _open_board(page, site)
    on_site = page.locator(f"#inside-{visit['log_id']} [data-overstay]")
    expect(on_site).to_have_attribute("data-overstay", "no")
    expect(on_site).not_to_contain_text("OVERSTAY")
    page.clock.fast_forward("16:00")
    expect(on_site).to_have_attribute("data-overstay", "yes")
    expect(on_site).to_contain_text("OVERSTAY")
    expect(on_site).to_contain_text("16 min")
