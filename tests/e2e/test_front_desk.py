"""The front desk built around its site, in real Chromium: the desk's site
chosen once, roll calls only for emergencies at that site (two desks
marking at once), the kiosk with a one-use code, the badge, and phone and
tablet widths without sideways scroll.
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
    """Pages here open several tabs at once; on a busy shared machine a
    page can take more than Playwright's default 5 s to come up."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)

NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"
# What sticks out on the right (for the failure message).
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-6).map(e => e.tagName + '#' + e.id + '.' + String(e.className).slice(0, 60) + ' '
                 + Math.round(e.getBoundingClientRect().right))"""


def _site() -> str:
    return f"Gate {uuid.uuid4().hex[:6]}"


def _walk_in(api_client, name: str, site: str | None, **fields: Any) -> dict:
    resp = api_client.post("/v1/access-logs", json={"visitor_name": name, "site": site, **fields})
    assert resp.status_code == 201, resp.text
    return resp.json()


def _signed_in_desk(new_page, user_of, sign_in, name: str | None = None,
                    size: tuple[int, int] = (1280, 800), clock: bool = False) -> tuple[Any, Any]:
    user = user_of("front_desk", name=name)
    page = new_page(*size)
    if clock:  # the page's timers, moved by the test (page.clock.fast_forward)
        page.clock.install()
    sign_in(page, user)
    page.wait_for_url("**/visitors**")
    page.wait_for_selector("#desk-site-chooser, #site-select")
    return page, user


def _desk_at(new_page, user_of, sign_in, site: str, name: str | None = None,
             size: tuple[int, int] = (1280, 800), clock: bool = False) -> Any:
    page, _ = _signed_in_desk(new_page, user_of, sign_in, name, size, clock)
    page.goto(f"/visitors?site={urllib.parse.quote(site)}")
    # Generous: the shared test machine can be slow to hand over a page.
    expect(page.locator("#live-indicator")).to_have_attribute("data-live", "yes",
                                                              timeout=20_000)
    expect(page.locator("#desk-site-label")).to_contain_text(site)
    page.wait_for_selector("#inside-table, #inside-empty")
    return page


def test_a_desk_chooses_its_site_once_and_checks_in_there(new_page, user_of, sign_in,
                                                          api_client, screenshot) -> None:
    site = _site()
    page, user = _signed_in_desk(new_page, user_of, sign_in, "Kemi Desk")
    chooser = page.locator("#desk-site-chooser")
    expect(chooser).to_be_visible()
    screenshot(page, "desk-choose-site")
    page.click("#desk-site-submit")  # nothing typed: said in words
    expect(page.locator("#desk-site-error")).to_have_text(
        "Choose the site this desk stands in.")
    page.fill("#desk-site-input", f"  {site} ")
    expect(page.locator("#desk-site-error")).to_have_count(0)  # cleared by typing
    page.click("#desk-site-submit")
    expect(page.locator("#desk-site-label")).to_have_text(f"Desk · {site}")
    expect(page.locator("#site-select")).to_contain_text(site)
    # A front desk sees its own site: no "All sites".
    page.click("#site-select")
    expect(page.get_by_role("option", name="All sites")).to_have_count(0)
    page.keyboard.press("Escape")

    # Remembered on the server: another browser signed in as this desk.
    other = new_page(1280, 800)
    sign_in(other, user)
    other.wait_for_url("**/visitors**")
    expect(other.locator("#site-select")).to_contain_text(site)
    expect(other.locator("#desk-site-label")).to_have_text(f"Desk · {site}")

    # Check-in takes the desk's site without asking.
    expect(other.locator("#checkin-site")).to_have_text(site)
    other.fill("#checkin-name", "Walk In Person")
    other.click("#checkin-submit")
    expect(other.locator("#inside-table .inside-row")).to_contain_text("Walk In Person")
    current = api_client.get("/v1/access-logs/current", params={"site": site}).json()
    assert [v["visitor_name"] for v in current["data"]] == ["Walk In Person"]
    # Its figures and log are the site's only.
    _walk_in(api_client, "Elsewhere", _site())
    expect(other.locator("#stat-inside")).to_have_text("1")
    expect(other.locator("#log-table .log-row")).to_have_count(1)
    # "Stay" counts the time so far for someone inside.
    expect(other.locator("#log-table .log-stay")).to_contain_text("so far")


def test_a_fire_raises_a_roll_call_only_at_its_sites_desk(new_page, user_of, sign_in,
                                                          api_client, screenshot) -> None:
    here, there = _site(), _site()
    ada = _walk_in(api_client, "Ada Obi", here, host_name="Emeka (IT)")
    bola = _walk_in(api_client, "Bola Ade", here)
    _walk_in(api_client, "Other Site Person", there)
    desk = _desk_at(new_page, user_of, sign_in, here, name="Funmi Desk")
    elsewhere = _desk_at(new_page, user_of, sign_in, there)

    # A street SOS (no site) raises no roll call at any desk.
    street = api_client.post("/v1/incidents", json=incident_body(category="sos")).json()
    fire = api_client.post("/v1/incidents", json=incident_body(
        category="fire", site=here, subject={"name": "Fire alarm, 2nd floor"})).json()
    card = desk.locator(".muster-card")
    expect(card).to_have_count(1, timeout=3000)
    expect(card).to_have_attribute("data-incident-id", fire["incident_id"])
    expect(card).to_contain_text("FIRE — ROLL CALL")
    expect(card.locator(".muster-progress")).to_have_text("0 of 2 safe, 2 missing")
    expect(desk.locator("body")).not_to_contain_text("Fire alarm, 2nd floor")
    expect(elsewhere.locator("#stat-sos")).not_to_have_text("0")  # it knows SOS are open…
    expect(elsewhere.locator(".muster-card")).to_have_count(0)    # …but has no roll call

    # Check-in stays on the first screen with the roll call open.
    box = desk.locator("#checkin-submit").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, box

    card.locator(f".muster-person[data-log-id='{bola['log_id']}'] .muster-mark").click()
    done = card.locator(f".muster-person[data-log-id='{bola['log_id']}'] .muster-accounted")
    # The one clock format, zone named (the e2e server runs in UTC).
    expect(done).to_have_text(re.compile(r"^Safe ✓ \d\d:\d\d:\d\d UTC by Funmi Desk$"))
    expect(card.locator(".muster-progress")).to_have_text("1 of 2 safe, 1 missing")
    # Missing people first.
    expect(card.locator(".muster-person").first).to_have_attribute("data-log-id", ada["log_id"])
    screenshot(desk, "desk-roll-call-1280")

    with desk.expect_download() as info:
        card.locator(".muster-csv").click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert rows[0][0] == "FIRE roll call" and rows[0][1] == here
    assert [(r[0], r[1]) for r in rows[2:]] == [("missing", "Ada Obi"), ("safe", "Bola Ade")]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", rows[3][5]), rows[3]

    sheet = new_page(1280, 800)
    sign_in(sheet, user_of("dispatcher"))
    sheet.goto(f"/rollcall/{fire['incident_id']}")
    expect(sheet.locator("#rollcall-title")).to_have_text(f"FIRE ROLL CALL — {here}")
    expect(sheet.locator("#rollcall-count")).to_have_text("1 of 2 safe, 1 missing")
    expect(sheet.locator(".rollcall-row").first).to_contain_text("MISSING")
    # Black on white whatever the theme: it is for paper.
    assert sheet.locator("#rollcall-title").evaluate("e => getComputedStyle(e).color") == \
        "rgb(0, 0, 0)"
    screenshot(sheet, "desk-roll-call-print")

    # Folded away, the roll call keeps its count and gives the room back.
    card.locator(".muster-toggle").click()
    expect(card.locator(".muster-person")).to_have_count(0)
    expect(card.locator(".muster-progress")).to_have_text("1 of 2 safe, 1 missing")
    card.locator(".muster-toggle").click()
    expect(card.locator(".muster-person")).to_have_count(2)
    for inc in (fire, street):
        api_client.post(f"/v1/incidents/{inc['incident_id']}/resolve",
                        json={"resolution_outcome": "handled"})
    expect(card).to_have_count(0, timeout=3000)


def test_two_desks_mark_the_same_person_safe_at_once(new_page, user_of, sign_in,
                                                     api_client, e2e_app) -> None:
    site = _site()
    chidi = _walk_in(api_client, "Chidi Okeke", site)
    desks = [_desk_at(new_page, user_of, sign_in, site, name=n) for n in ("Desk One", "Desk Two")]
    drill = api_client.post("/v1/incidents", json=incident_body(
        category="fire", site=site, is_drill=True)).json()
    buttons = [d.locator(f".muster-person[data-log-id='{chidi['log_id']}'] .muster-mark")
               for d in desks]
    for d, b in zip(desks, buttons, strict=True):
        expect(b).to_be_visible(timeout=3000)
        # Drills say so on the roll call.
        expect(d.locator(".muster-card .muster-title")).to_have_text("FIRE DRILL — ROLL CALL")
    # Both clicks are sent while the server is stopped, so neither desk has
    # seen the other's mark: the server gets both at once (a fast server could
    # otherwise answer the first before the second desk clicks).
    selector = f".muster-person[data-log-id='{chidi['log_id']}'] .muster-mark"
    with e2e_app.frozen():
        clicked = [d.evaluate("s => { const b = document.querySelector(s); if (b) b.click(); "
                              "return !!b; }", selector) for d in desks]
    assert clicked == [True, True]
    for d in desks:
        person = d.locator(f".muster-person[data-log-id='{chidi['log_id']}']")
        expect(person).to_have_attribute("data-accounted", "yes", timeout=3000)
        expect(d.locator(".muster-progress")).to_have_text("1 of 1 safe")
    final = api_client.get(f"/v1/incidents/{drill['incident_id']}").json()
    notes = [t["message"] for t in final["timeline"] if t["event"] == "note_added"]
    assert notes == ["Chidi Okeke accounted for"]
    muster = api_client.get(f"/v1/incidents/{drill['incident_id']}/muster").json()
    assert (muster["accounted"], muster["missing"]) == (1, 0)
    api_client.post(f"/v1/incidents/{drill['incident_id']}/cancel", json={"reason": "drill over"})


def test_the_kiosk_admits_a_one_use_code_once(new_page, user_of, sign_in, api_client,
                                              screenshot) -> None:
    site = _site()
    code = api_client.post("/v1/access-codes", json={
        "visitor_name": "Grace Etim", "host_name": "Ngozi (Finance)", "site": site,
        "max_uses": 1}).json()["code"]
    page = _desk_at(new_page, user_of, sign_in, site, size=(768, 1024), clock=True)
    page.click("#open-kiosk")
    expect(page.locator("#kiosk-site")).to_have_text(site)
    expect(page.locator("#user-menu")).to_have_count(0)  # no way out but the lock
    screenshot(page, "kiosk-keypad-768")
    assert page.evaluate(NO_SIDEWAYS)

    def enter(digits: str) -> None:
        for d in digits:
            page.click(f".kiosk-key[data-key='{d}']")
        expect(page.locator("#kiosk-code")).to_have_value(digits)
        page.click("#kiosk-submit")

    enter(code)
    expect(page.locator("#kiosk-welcome")).to_have_text("Welcome, Grace Etim")
    expect(page.locator("#kiosk-host")).to_contain_text("Ngozi (Finance)")
    screenshot(page, "kiosk-welcome-768")
    current = api_client.get("/v1/access-logs/current", params={"site": site}).json()
    [visit] = current["data"]
    assert (visit["visitor_name"], visit["method"]) == ("Grace Etim", "access_code")

    # The badge: name, host, site, code as text and as a server-made QR (SVG).
    badge = new_page(1280, 800)
    sign_in(badge, user_of("supervisor"))
    badge.goto(f"/badge/{visit['log_id']}")
    expect(badge.locator("#badge-name")).to_have_text("Grace Etim")
    expect(badge.locator("#badge-host")).to_have_text("Host: Ngozi (Finance)")
    expect(badge.locator("#badge-site")).to_have_text(f"Site: {site}")
    expect(badge.locator("#badge-code")).to_have_text(code)
    src = badge.locator("#badge-qr").get_attribute("src") or ""
    assert src.startswith("data:image/svg+xml")
    assert badge.locator("#badge-qr").evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(badge, "visitor-badge")

    # Back to the keypad by itself (the browser's timer), then the same code again.
    page.clock.fast_forward("00:09")
    expect(page.locator("#kiosk-keypad")).to_be_visible()
    enter(code)
    refusal = page.locator("#kiosk-refusal")
    expect(refusal).to_have_text("This code has already been used.")
    expect(refusal).to_have_attribute("data-reason", "exhausted")
    screenshot(page, "kiosk-refused-768")
    page.clock.fast_forward("00:09")
    expect(page.locator("#kiosk-keypad")).to_be_visible()
    enter("999999")
    expect(refusal).to_have_text("We do not recognise this code.")
    stats = api_client.get("/v1/access-logs/stats", params={"site": site}).json()
    assert (stats["total_visits"], stats["denied_attempts"]) == (1, 2)

    # Leaving needs the desk's password.
    page.click("#kiosk-done")
    page.click("#kiosk-exit")
    page.fill("#kiosk-exit-password", "not the password")
    page.click("#kiosk-exit-submit")
    expect(page.locator("#kiosk-exit-error")).to_have_text("That is not the desk's password.")
    page.fill("#kiosk-exit-password", "correct horse battery")
    page.click("#kiosk-exit-submit")
    page.wait_for_url("**/visitors")


@pytest.mark.parametrize("width,height", [(390, 844), (768, 1024)])
def test_phone_and_tablet_have_no_sideways_scroll(new_page, user_of, sign_in, api_client,
                                                  screenshot, width, height) -> None:
    site = _site()
    for n in range(3):
        _walk_in(api_client, f"Oluwaseun Adebayo-Martins {n}", site,
                 host_name="Chukwuemeka (Procurement and Facilities)", purpose="Quarterly review")
    fire = api_client.post("/v1/incidents", json=incident_body(category="fire", site=site)).json()
    page = _desk_at(new_page, user_of, sign_in, site, size=(width, height))
    expect(page.locator(".muster-card")).to_have_count(1, timeout=3000)
    expect(page.locator("#inside-table .inside-row")).to_have_count(3)
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(WIDE)
    # Check-in is the first thing on the page, and fully on the first screen.
    form = page.locator("#checkin-code").bounding_box()
    roll = page.locator(".muster-card").bounding_box()
    assert form is not None and roll is not None and form["y"] < roll["y"]
    button = page.locator("#checkin-submit").bounding_box()
    assert button is not None and button["y"] + button["height"] <= height
    # Names and buttons are not clipped.
    for sel in (".muster-mark", ".checkout", "#checkin-submit"):
        clipped = page.locator(sel).first.evaluate(
            "el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > "
            "window.innerWidth")
        assert not clipped, sel
    screenshot(page, f"visitors-{width}")
    page.goto("/kiosk")
    expect(page.locator("#kiosk-keypad")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(WIDE)
    screenshot(page, f"kiosk-{width}")
    api_client.post(f"/v1/incidents/{fire['incident_id']}/resolve",
                    json={"resolution_outcome": "handled"})


def test_undo_a_check_out_and_errors_in_plain_words(new_page, user_of, sign_in,
                                                    api_client) -> None:
    site = _site()
    visit = _walk_in(api_client, "Tunde Bello", site)
    page = _desk_at(new_page, user_of, sign_in, site)
    row = page.locator(f"#inside-{visit['log_id']}")
    row.locator(".checkout").click()
    expect(row).to_have_count(0)
    page.click("#undo-checkout")
    expect(row).to_be_visible()
    assert api_client.get(f"/v1/access-logs/{visit['log_id']}").json()["status"] == "checked_in"

    page.fill("#issue-name", "Long Stay")
    page.fill("#issue-hours", "9000")
    page.click("#issue-submit")
    error = page.locator("#issue-error")
    expect(error).to_have_text("A code can be valid for at most 366 days (8,784 hours).")
    page.fill("#issue-phone", "0803")
    expect(error).to_have_count(0)  # gone as soon as a field changes
    page.fill("#issue-hours", "8")
    page.click("#issue-submit")
    expect(error).to_have_text("Phone must be in E.164 form, e.g. +2348012345678.")
    expect(page.locator("body")).not_to_contain_text("Value error")
