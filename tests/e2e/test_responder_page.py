"""The responder's phone page (/me) at 390×844 with the dispatcher's board
open in a second browser context: assignment live, accept, en route, on
scene, backup, location on the map; another unit's incident refused."""

from __future__ import annotations

import itertools
import os
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, E2EUser
from tests.factories import incident_body

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
# Ikoyi, about 1.1 km east of the incidents of tests/factories.incident_body.
FIX = {"latitude": 6.5244, "longitude": 3.3892}
_n = itertools.count(1)


def _responder(api_client, name: str) -> str:
    resp = api_client.post("/v1/responders", json={"name": name, "phone": "+2348030000007",
                                                   "role": "security", "unit": "Patrol 7"})
    assert resp.status_code == 201, resp.text
    return resp.json()["responder_id"]


def _responder_user(responder_id: str, name: str) -> E2EUser:
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.service import CreateUserRequest, create_user

    email = f"unit{next(_n)}.{os.getpid()}@example.com"
    with write_session() as session:
        user = create_user(session, request=CreateUserRequest(
            email=email, name=name, role="responder", password=PASSWORD,
            responder_id=responder_id))
        return E2EUser(user.id, email, name, "responder")


def _assign(api_client, incident_id: str, responder_id: str) -> str:
    resp = api_client.post(f"/v1/incidents/{incident_id}/assignments",
                           json={"responder_id": responder_id, "note": "Gate B, ask for Musa"})
    assert resp.status_code == 201, resp.text
    return [a for a in resp.json()["responders"]
            if a["responder"]["responder_id"] == responder_id][-1]["assignment_id"]


def _phone(browser, e2e_app):
    context = browser.new_context(viewport=PHONE, base_url=e2e_app.url, is_mobile=True,
                                  has_touch=True, permissions=["geolocation"], geolocation=FIX)
    context.set_default_timeout(10_000)
    return context


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide at {PHONE['width']}px"


def test_unit_gets_accepts_moves_asks_backup_and_shares_location(
        browser, e2e_app, new_page, user_of, sign_in, api_client, screenshot) -> None:
    rsp = _responder(api_client, "Unit 7 — Tunde")
    unit = _responder_user(rsp, "Tunde Bello")
    board = new_page()
    sign_in(board, user_of("dispatcher", name="Ada Okafor"))
    expect(board.locator("#units-panel")).to_be_visible()

    context = _phone(browser, e2e_app)
    try:
        phone = context.new_page()
        sign_in(phone, unit)
        expect(phone).to_have_url(re.compile(r"/me$"))
        expect(phone.locator("#unit-empty")).to_be_visible()
        expect(phone.locator("#live-indicator")).to_have_attribute("data-live", "yes")
        _no_sideways_scroll(phone)

        # A dispatcher assigns the unit: the phone rings, vibrates, shows it.
        resp = api_client.post("/v1/incidents", json=incident_body(
            subject={"name": "Ngozi Eze", "phone": "+2348011111111"},
            location={"coordinates": [3.3792, 6.5244], "address": "14 Bourdillon Road, Ikoyi",
                      "landmark": "Opposite the filling station"}))
        inc = resp.json()
        asg = _assign(api_client, inc["incident_id"], rsp)
        expect(phone.locator("#unit-new")).to_contain_text("New assignment: SOS — Ngozi Eze")
        expect(phone.locator("#unit-alert")).to_have_attribute("data-alerted", "1")
        expect(phone.locator("#unit-alert")).to_have_attribute("data-vibrate", re.compile("yes|no"))
        card = phone.locator("#unit-card")
        expect(card).to_have_attribute("data-assignment", asg)
        expect(phone.locator("#unit-title")).to_have_text("SOS — Ngozi Eze")
        expect(phone.locator("#unit-step")).to_have_text("Not yet accepted")
        expect(phone.locator("#unit-call")).to_have_attribute("href", "tel:+2348011111111")
        expect(phone.locator("#unit-geo")).to_have_attribute(
            "href", re.compile(r"^geo:6\.524400,3\.379200\?q="))
        expect(phone.locator("#unit-osm")).to_have_attribute(
            "href", re.compile(r"openstreetmap\.org/\?mlat=6\.524400&mlon=3\.379200"))
        expect(card).to_contain_text("Opposite the filling station")
        expect(phone.locator("#unit-notes")).to_contain_text("Gate B, ask for Musa")
        expect(phone.locator("#unit-sla")).to_contain_text("Waiting to be resolved")
        # Only the next step is offered.
        expect(phone.locator("#step-accept")).to_be_visible()
        expect(phone.locator("#step-en-route")).to_have_count(0)
        _no_sideways_scroll(phone)
        screenshot(phone, "responder-phone-new-assignment-390")

        # The board flags the unit: not accepted within SETY_ACCEPT_TIMEOUT_S (3 s here).
        row = board.locator(f"#unit-row-{asg}")
        expect(row).to_contain_text("Unit 7 — Tunde")
        expect(row.locator(".sety-accept-flag")).to_have_attribute("data-state", "overdue")
        expect(row).to_contain_text("NOT ACCEPTED")

        phone.click("#step-accept")
        expect(row.locator(".sety-accept-flag")).to_have_attribute("data-state", "accepted")
        expect(phone.locator("#unit-step")).to_have_text("Assigned")
        expect(phone.locator("#unit-new")).to_have_count(0)

        phone.click("#step-en-route")
        expect(row).to_have_attribute("data-status", "en_route")
        expect(row).to_contain_text("En route")
        expect(phone.locator("#unit-step")).to_have_text("En route")

        phone.click("#step-on-scene")
        expect(row).to_have_attribute("data-status", "on_scene")
        expect(board.locator(f"#row-{inc['incident_id']}")).to_have_attribute(
            "data-status", "on_scene")
        expect(phone.locator("#step-release")).to_be_visible()

        phone.click("#unit-backup")
        phone.fill("#backup-text", "Crowd forming at the gate")
        phone.click("#backup-submit")
        alert = board.locator(".unit-backup-alert")
        expect(alert).to_contain_text("BACKUP: Unit 7 — Tunde")
        expect(alert).to_contain_text("SOS — Ngozi Eze")
        expect(phone.locator("#unit-backup")).to_have_text("Backup sent")

        # Location: with consent the phone reports; the board's map shows the unit.
        expect(phone.locator("#unit-distance")).to_contain_text("Distance unknown")
        markers = int(board.locator("#board-map").get_attribute("data-markers") or 0)
        # Other modules' units may share their positions on the same board too.
        units = board.locator("#board-map path.sety-map-unit").count()
        phone.click("#share-location")
        expect(phone.locator("#share-status")).to_have_text("Sharing every 15 s while on duty.")
        expect(phone.locator("#share-last")).to_be_visible()
        expect(phone.locator("#unit-distance")).to_have_text(re.compile(r"1\.1 km away"))
        expect(board.locator("#board-map")).to_have_attribute("data-markers", str(markers + 1))
        expect(board.locator("#board-map path.sety-map-unit")).to_have_count(units + 1)
        stored = api_client.get(f"/v1/responders/{rsp}").json()
        assert stored["location"]["coordinates"] == [FIX["longitude"], FIX["latitude"]]
        assert stored["location_updated_at"]

        # The timeline has every step, in the unit's name.
        timeline = [t["message"] for t in
                    api_client.get(f"/v1/incidents/{inc['incident_id']}").json()["timeline"]]
        assert timeline[-5:] == ["Unit 7 — Tunde accepted", "Unit 7 — Tunde en route",
                                 "Unit 7 — Tunde on scene", "On scene",
                                 "Unit 7 — Tunde needs backup: Crowd forming at the gate"]
        _no_sideways_scroll(phone)
        screenshot(phone, "responder-phone-390")
        screenshot(board, "board-with-units")
    finally:
        context.close()


def test_a_unit_cannot_open_another_units_incident(browser, e2e_app, api_client,
                                                   sign_in, screenshot) -> None:
    mine, theirs = _responder(api_client, "Unit 3 — Ife"), _responder(api_client, "Unit 9 — Obi")
    unit = _responder_user(mine, "Ife Adeyemi")
    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Private Person", "phone": "+2348099999999"})).json()
    other_asg = _assign(api_client, inc["incident_id"], theirs)

    context = _phone(browser, e2e_app)
    try:
        phone = context.new_page()
        sign_in(phone, unit)
        expect(phone.locator("#unit-empty")).to_be_visible()
        # The incident page is refused by the server: no data reaches the phone.
        phone.goto(f"/incidents/{inc['incident_id']}")
        expect(phone.locator("#access-denied")).to_be_visible()
        expect(phone.get_by_text("Private Person")).to_have_count(0)
        # A deep link to the other unit's assignment shows nothing of it either.
        phone.goto(f"/me?assignment={other_asg}")
        expect(phone.locator("#unit-link-problem")).to_have_text(
            "That assignment is not yours: it is not shown.")
        expect(phone.locator("#unit-empty")).to_be_visible()
        expect(phone.get_by_text("Private Person")).to_have_count(0)
        _no_sideways_scroll(phone)
        screenshot(phone, "responder-refused-390")
        # Nor the board.
        phone.goto("/")
        expect(phone.locator("#access-denied")).to_be_visible()
    finally:
        context.close()


def test_admin_makes_a_responder_account_that_lands_on_me(
        browser, e2e_app, new_page, user_of, sign_in, api_client) -> None:
    rsp = _responder(api_client, "Unit 5 — Kemi")
    admin = new_page()
    sign_in(admin, user_of("admin"))
    admin.goto("/admin")
    admin.click("#admin-tab-users")
    email = f"kemi.unit.{os.getpid()}@example.com"
    admin.fill("#user-name", "Kemi Unit")
    admin.fill("#user-email", email)
    admin.fill("#user-password", PASSWORD)
    admin.click("#user-role")
    admin.get_by_role("option", name="Responder").click()
    admin.click("#user-create")  # no roster entry chosen yet: refused in words
    expect(admin.locator("#user-form-error")).to_contain_text("needs the roster entry")
    admin.click("#user-responder")
    admin.get_by_role("option", name=re.compile(rsp)).click()
    admin.click("#user-create")
    expect(admin.locator(f"tr[data-email='{email}']")).to_contain_text("Responder")

    context = _phone(browser, e2e_app)
    try:
        phone = context.new_page()
        sign_in(phone, E2EUser("", email, "Kemi Unit", "responder"))
        expect(phone).to_have_url(re.compile(r"/me$"))
        expect(phone.locator("#unit-name")).to_have_text("Unit 5 — Kemi")
    finally:
        context.close()


def test_a_unit_sending_events_for_another_units_incident_is_refused(
        e2e_app, api_client) -> None:
    """Spoken over the websocket directly: what the page never offers."""
    from bench.reflex_socket import AUTH_STATE, BOARD_STATE, INCIDENT_STATE, SyncTab
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.service import sign_in

    unit_state = f"{AUTH_STATE}.sety_dashboard___ui___state___unit____unit_state"
    mine, theirs = _responder(api_client, "Unit 4 — Ada"), _responder(api_client, "Unit 8 — Eze")
    user = _responder_user(mine, "Ada Unit")
    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Hidden From Unit 4"})).json()
    iid = inc["incident_id"]
    other_asg = _assign(api_client, iid, theirs)
    before = api_client.get(f"/v1/incidents/{iid}").json()["timeline"]
    with write_session() as session:
        token = sign_in(session, email=user.email, password=user.password)[1]

    tab = SyncTab(e2e_app.url, token, f"/incidents/{iid}", {"incident_id": iid})
    try:
        loaded = tab.pump(2.0)
        assert tab.var(AUTH_STATE, "access_denied") is True
        assert "Hidden From Unit 4" not in str(loaded)
        tab.send(f"{INCIDENT_STATE}.acknowledge")
        tab.send(f"{INCIDENT_STATE}.add_note", {"form": {"message": "sneaky"}})
        tab.send(f"{BOARD_STATE}.acknowledge", {"incident_id": iid})
        tab.pump(2.0)
        assert "not allowed" in tab.var(AUTH_STATE, "action_error")
    finally:
        tab.close()

    tab = SyncTab(e2e_app.url, token, "/me", {"assignment": other_asg})
    try:
        loaded = tab.pump(2.0)
        assert "Hidden From Unit 4" not in str(loaded)
        tab.send(f"{unit_state}.accept", {"assignment_id": other_asg})
        tab.send(f"{unit_state}.advance", {"assignment_id": other_asg,
                                           "from_status": "assigned", "to_status": "en_route"})
        tab.send(f"{unit_state}.submit_backup",
                 {"form": {"assignment_id": other_asg, "reason": "sneaky"}})
        tab.send(f"{unit_state}.submit_note",
                 {"form": {"assignment_id": other_asg, "message": "sneaky"}})
        tab.pump(2.0)
    finally:
        tab.close()
    after = api_client.get(f"/v1/incidents/{iid}").json()
    assert after["timeline"] == before
    [asg] = after["responders"]
    assert (asg["status"], asg["accepted_at"], asg["backup_requested_at"]) == (
        "assigned", None, None)
