"""SLA policies in a real browser: a supervisor changes a severity's
deadlines, and the next incident of that severity gets them (older ones keep
theirs); the order rule is refused in words; dispatchers cannot open it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body

pytestmark = pytest.mark.e2e


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture
def restore_low_policy():
    yield
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.incidents.sla import DEFAULT_POLICIES, set_policy

    with write_session() as session:
        set_policy(session, "low", *DEFAULT_POLICIES["low"])


def test_supervisor_changes_sla_and_new_incidents_get_it(new_page, user_of, sign_in, api_client,
                                                         screenshot, restore_low_policy) -> None:
    before = api_client.post("/v1/incidents", json=incident_body(severity="low")).json()
    page = new_page()
    sign_in(page, user_of("supervisor"))
    page.click("a[href='/sla']")
    expect(page.locator("#sla-new-only")).to_contain_text("incidents created from now on")
    expect(page.locator("#sla-low-acknowledge")).to_have_value("30 min")

    page.fill("#sla-low-acknowledge", "1 h")
    page.fill("#sla-low-dispatch", "30 min")
    page.click("#sla-low-save")
    expect(page.locator("#sla-low-error")).to_contain_text("in order")

    page.fill("#sla-low-acknowledge", "2 min")
    page.fill("#sla-low-dispatch", "10 min")
    page.fill("#sla-low-resolve", "1 h 30 min")
    page.click("#sla-low-save")
    expect(page.locator("#sla-low-updated")).not_to_contain_text("default")
    expect(page.locator("#sla-low-resolve")).to_have_value("1 h 30 min")
    screenshot(page, "admin-sla")

    after = api_client.post("/v1/incidents", json=incident_body(severity="low")).json()
    created = _at(after["created_at"])
    assert _at(after["sla"]["acknowledge_due_at"]) - created == timedelta(minutes=2)
    assert _at(after["sla"]["dispatch_due_at"]) - created == timedelta(minutes=10)
    assert _at(after["sla"]["resolve_due_at"]) - created == timedelta(minutes=90)
    old = api_client.get(f"/v1/incidents/{before['incident_id']}").json()
    assert _at(old["sla"]["acknowledge_due_at"]) - _at(old["created_at"]) == \
        timedelta(minutes=30)
    page.goto(f"/incidents/{after['incident_id']}")
    expect(page.get_by_text("Acknowledge").first).to_be_visible()
    screenshot(page, "admin-sla-new-incident")

    # The same section is on the admin page for admins.
    admin = new_page()
    sign_in(admin, user_of("admin"))
    admin.goto("/admin")
    admin.click("#admin-tab-sla")
    expect(admin.locator("#sla-low-acknowledge")).to_have_value("2 min")


def test_dispatcher_cannot_open_sla_policies(new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    expect(page.locator("a[href='/sla']")).to_have_count(0)
    page.goto("/sla")
    expect(page.get_by_text("You do not have access to this page.")).to_be_visible()
    expect(page.locator("#sla-low-acknowledge")).to_have_count(0)
