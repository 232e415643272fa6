"""Admin › Users account management in a real browser: change a role (the
user's next page follows it), reset a password (temporary one shown once,
sessions ended, the new one works), last sign-in shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _users_tab(page, sign_in, admin) -> None:
    sign_in(page, admin)
    page.goto("/admin")
    page.click("#admin-tab-users")
    expect(page.locator("#users-table")).to_be_visible()


def test_role_change_and_password_reset(new_page, user_of, sign_in, screenshot) -> None:
    ada = user_of("dispatcher", name="Ada Dispatcher")
    her = new_page()
    sign_in(her, ada)
    expect(her.locator("#board-table, #board-empty").first).to_be_visible()
    expect(her.get_by_role("link", name="Analytics", exact=True)).to_have_count(0)

    admin = new_page()
    _users_tab(admin, sign_in, user_of("admin"))
    row = admin.locator(f"tr[data-email='{ada.email}']")
    expect(row.locator(".user-last-sign-in")).not_to_have_text("Never")
    # The labels are visible text, not placeholders.
    expect(admin.locator("label[for=user-email]")).to_have_text("Email")

    row.locator(".user-role-select").click()
    admin.get_by_role("option", name="Supervisor", exact=True).click()
    expect(row).to_have_attribute("data-role", "supervisor")
    expect(admin.get_by_text("Ada Dispatcher is now Supervisor.")).to_be_visible()
    her.reload()
    expect(her.get_by_role("link", name="Analytics", exact=True)).to_be_visible()

    row.locator(".user-reset").click()
    admin.locator(".user-reset-confirm").click()
    temp = admin.locator("#temp-password")
    expect(temp).to_be_visible()
    password = temp.inner_text().strip()
    assert len(password) >= 12
    screenshot(admin, "admin-users-password-reset")
    # Her open tab is signed out; the old password no longer works; the new one does.
    expect(her.locator("#session-ended")).to_be_visible(timeout=10_000)
    her.goto("/signin")
    her.fill("#signin-email", ada.email)
    her.fill("#signin-password", ada.password)
    her.click("#signin-submit")
    expect(her.get_by_text("Wrong email or password.")).to_be_visible()
    ada.password = password
    sign_in(her, ada)
    expect(her.locator("#board-table, #board-empty").first).to_be_visible()
    admin.click("#dismiss-temp-password")
    expect(admin.locator("#temp-password")).to_have_count(0)


def test_admin_cannot_change_own_role(new_page, user_of, sign_in) -> None:
    me = user_of("admin")
    page = new_page()
    _users_tab(page, sign_in, me)
    own = page.locator(f"tr[data-email='{me.email}']")
    expect(own.locator(".user-role-select")).to_be_disabled()
    expect(own.locator(".user-reset")).to_be_disabled()
