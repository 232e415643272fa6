"""Admin › Users in a real browser: create a user who can sign in; disable
them and their open tab is signed out and sign-in refused; enable again."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2EUser

pytestmark = pytest.mark.e2e


def test_admin_creates_disables_and_enables_a_user(new_page, user_of, sign_in,
                                                  screenshot) -> None:
    admin = new_page()
    sign_in(admin, user_of("admin"))
    admin.goto("/admin")
    admin.click("#admin-tab-users")
    expect(admin.locator("#users-table")).to_be_visible()

    email = f"kemi.{os.getpid()}@example.com"
    admin.fill("#user-name", "Kemi Dispatcher")
    admin.fill("#user-email", email)
    admin.fill("#user-password", "short")
    admin.click("#user-create")
    expect(admin.locator("#user-form-error")).to_contain_text("Password is too short")
    admin.fill("#user-password", "kemi's long password")
    admin.click("#user-create")
    row = admin.locator(f"tr[data-email='{email}']")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Dispatcher")
    expect(admin.locator("#user-email")).to_have_value("")  # the form is cleared
    screenshot(admin, "admin-users")

    kemi = E2EUser(user_id="", email=email, name="Kemi Dispatcher", role="dispatcher",
                   password="kemi's long password")
    her = new_page()
    sign_in(her, kemi)
    expect(her.locator("#board-table, #board-empty").first).to_be_visible()
    expect(her.locator("#user-menu")).to_contain_text("Kemi Dispatcher")

    row.locator(".user-disable").click()
    admin.locator(".user-disable-confirm").click()
    expect(row).to_have_attribute("data-disabled", "yes")
    # Her open tab is cleared within a sweep (SETY_LIVE_SWEEP_S=1 here)…
    expect(her.locator("#session-ended")).to_be_visible(timeout=10_000)
    expect(her.locator("#board-table")).to_have_count(0)
    # …and she cannot sign in again.
    her.goto("/signin")
    her.fill("#signin-email", email)
    her.fill("#signin-password", kemi.password)
    her.click("#signin-submit")
    expect(her.get_by_text("Wrong email or password.")).to_be_visible()
    screenshot(admin, "admin-users-disabled")

    row.locator(".user-enable").click()
    expect(row).to_have_attribute("data-disabled", "no")
    sign_in(her, kemi)
    expect(her.locator("#board-table, #board-empty").first).to_be_visible()


def test_admin_cannot_disable_themselves(new_page, user_of, sign_in) -> None:
    me = user_of("admin")
    page = new_page()
    sign_in(page, me)
    page.goto("/admin")
    page.click("#admin-tab-users")
    own = page.locator(f"tr[data-email='{me.email}']")
    expect(own.locator(".user-disable")).to_be_disabled()


def test_non_admins_are_refused_the_admin_page(new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("supervisor"))
    page.goto("/admin")
    expect(page.get_by_text("You do not have access to this page.")).to_be_visible()
    expect(page.locator("#users-table")).to_have_count(0)
    expect(page.locator("a[href='/admin']")).to_have_count(0)
