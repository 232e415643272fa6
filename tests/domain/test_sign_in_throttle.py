"""Dashboard sign-in throttling: per email 5 / 15 min, per address 20 / 15 min,
refused even with the right password, every refusal logged, shared by workers
through the database."""

from __future__ import annotations

import logging

import pytest

from sety_dashboard.core.db import write_session
from sety_dashboard.domain.errors import Unauthorized
from sety_dashboard.domain.users.service import CreateUserRequest, create_user
from sety_dashboard.domain.users.throttle import (
    MAX_FAILURES_PER_CLIENT,
    MAX_FAILURES_PER_EMAIL,
    SignInThrottled,
    sign_in_throttled,
)

PASSWORD = "correct horse battery"


def _user(email: str) -> None:
    with write_session() as s:
        create_user(s, request=CreateUserRequest(email=email, name="Ada", role="dispatcher",
                                                 password=PASSWORD))


def _fail(email: str, client: str) -> None:
    with pytest.raises(Unauthorized):
        sign_in_throttled(email=email, password="wrong password!", client=client)


def test_five_failures_lock_the_email_even_for_the_right_password(db, clock, caplog):
    _user("ada@example.com")
    for i in range(MAX_FAILURES_PER_EMAIL):
        clock.advance(60)
        _fail("ada@example.com", f"10.0.0.{i}")  # spread over addresses: the email counts
    with caplog.at_level(logging.WARNING, logger="sety_dashboard.domain.users.throttle"):
        with pytest.raises(SignInThrottled) as refused:
            sign_in_throttled(email="ADA@example.com", password=PASSWORD, client="10.0.0.99")
    assert "try again in" in refused.value.message and refused.value.retry_after > 0
    assert any("refused" in r.getMessage() and "ada@example.com" in r.getMessage()
               for r in caplog.records)
    # Another account from the same address is not affected.
    _user("bola@example.com")
    assert sign_in_throttled(email="bola@example.com", password=PASSWORD, client="10.0.0.99")
    # 15 minutes after the fifth failure the right password works again.
    clock.advance(15 * 60 - 1)
    with pytest.raises(SignInThrottled):
        sign_in_throttled(email="ada@example.com", password=PASSWORD, client="10.0.0.99")
    clock.advance(1)
    user, token = sign_in_throttled(email="ada@example.com", password=PASSWORD, client="10.0.0.99")
    assert user.email == "ada@example.com" and token


def test_failures_spread_beyond_the_window_do_not_lock(db, clock):
    _user("ada@example.com")
    for _ in range(MAX_FAILURES_PER_EMAIL * 2):
        _fail("ada@example.com", "10.0.0.1")
        clock.advance(4 * 60)  # never 5 within 15 minutes
    assert sign_in_throttled(email="ada@example.com", password=PASSWORD, client="10.0.0.1")


def test_a_success_clears_the_email_count(db, clock):
    _user("ada@example.com")
    for _ in range(MAX_FAILURES_PER_EMAIL - 1):
        _fail("ada@example.com", "10.0.0.1")
    sign_in_throttled(email="ada@example.com", password=PASSWORD, client="10.0.0.1")
    _fail("ada@example.com", "10.0.0.1")
    assert sign_in_throttled(email="ada@example.com", password=PASSWORD, client="10.0.0.1")


def test_twenty_failures_from_one_address_lock_that_address(db, clock):
    _user("ada@example.com")
    for i in range(MAX_FAILURES_PER_CLIENT):
        _fail(f"guess{i}@example.com", "203.0.113.7")
    with pytest.raises(SignInThrottled):
        sign_in_throttled(email="ada@example.com", password=PASSWORD, client="203.0.113.7")
    # The same person from another address gets in.
    assert sign_in_throttled(email="ada@example.com", password=PASSWORD, client="198.51.100.1")
