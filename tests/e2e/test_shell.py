"""The dashboard shell in a real browser: sign-in, guards, live push."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body

pytestmark = pytest.mark.e2e


def test_signed_out_browser_sees_only_the_sign_in_page(new_page) -> None:
    page = new_page()
    page.goto("/")
    page.wait_for_url("**/signin")
    expect(page.locator("#signin-submit")).to_be_visible()
    expect(page.locator("#board-table")).to_have_count(0)
    page.goto("/incidents/inc_aaaaaaaaaaaaaaaa")
    page.wait_for_url(lambda url: "/signin?next=%2Fincidents" in url or "/signin?next=/incidents" in url)
    expect(page.locator("#incident-title")).to_have_count(0)


def test_wrong_password_is_refused_in_words(new_page, user_of) -> None:
    user = user_of("dispatcher")
    page = new_page()
    page.goto("/signin")
    page.fill("#signin-email", user.email)
    page.fill("#signin-password", "not the password")
    page.click("#signin-submit")
    expect(page.locator("#signin-error")).to_contain_text("Wrong email or password")


def test_sos_posted_to_the_api_is_pushed_to_an_open_board(
        new_page, user_of, sign_in, api_client) -> None:
    """The row arrives by the live push (no reload, no click). How fast is
    measured in bench/push_latency.py, not here (issue 15)."""
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    # Ready: the live connection is up and the board has drawn.
    expect(page.locator("#live-indicator")).to_have_attribute("data-live", "yes")
    page.wait_for_selector("#board-table, #board-empty")
    created = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Live Push Test", "phone": "+2348012345678"})).json()
    row = page.locator(f"#row-{created['incident_id']}")
    # A generous wait for a loaded machine: it asserts arrival, not latency.
    expect(row).to_be_visible(timeout=15_000)
    expect(row).to_contain_text("Live Push Test")
    expect(row).to_have_class(re.compile(r"\bsety-row-new\b"))


def test_front_desk_user_is_refused_the_incident_page(new_page, user_of, sign_in,
                                                      api_client) -> None:
    created = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Secret Subject"})).json()
    page = new_page()
    sign_in(page, user_of("front_desk"))
    page.goto(f"/incidents/{created['incident_id']}")
    expect(page.locator("#access-denied")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Secret Subject")
    expect(page.locator("#incident-title")).to_have_count(0)


def test_sign_out_ends_the_session(new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    page.click("#user-menu")
    page.click("#sign-out")
    page.wait_for_url("**/signin")
    page.goto("/")
    page.wait_for_url("**/signin")


def test_a_board_left_open_is_cleared_when_its_session_ends(new_page, user_of, sign_in,
                                                            api_client) -> None:
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.models import UserSession

    user = user_of("dispatcher")
    page = new_page()
    sign_in(page, user)
    page.wait_for_selector("#board-table, #board-empty")
    # The session is ended on the server (signed out in another browser, or expired).
    with write_session() as session:
        session.query(UserSession).filter(UserSession.user_id == user.user_id).delete()
    expect(page.locator("#session-ended")).to_be_visible(timeout=5000)
    expect(page.locator("#board-table")).to_have_count(0)
    created = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "After Sign Out"})).json()
    page.wait_for_timeout(1000)
    expect(page.locator(f"#row-{created['incident_id']}")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("After Sign Out")
