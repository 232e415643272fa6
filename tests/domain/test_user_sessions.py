"""Dashboard sessions: hashed passwords, expiry after inactivity, sign-out."""

from __future__ import annotations

import pytest

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.core.settings import get_settings
from sety_dashboard.domain.errors import Unauthorized
from sety_dashboard.domain.users.models import User
from sety_dashboard.domain.users.service import (
    CreateUserRequest,
    active_tokens,
    create_user,
    refresh_session,
    sign_in,
    sign_out,
    user_for_token,
)

PASSWORD = "correct horse battery"


def _user(email: str = "ada@example.com", role: str = "dispatcher") -> str:
    with write_session() as s:
        return create_user(s, request=CreateUserRequest(email=email, name="Ada",
                                                        role=role, password=PASSWORD)).id


def _sign_in() -> str:
    with write_session() as s:
        return sign_in(s, email="ADA@example.com ", password=PASSWORD)[1]


def _who(token: str) -> str | None:
    with read_session() as s:
        user = user_for_token(s, token)
        return user.id if user else None


def test_password_is_hashed_and_checked(db, clock) -> None:
    user_id = _user()
    with read_session() as s:
        stored = s.get(User, user_id).password_hash
    assert PASSWORD not in stored and stored.startswith("$argon2")
    with write_session() as s, pytest.raises(Unauthorized):
        sign_in(s, email="ada@example.com", password="wrong password")
    assert _who(_sign_in()) == user_id


def test_session_ends_after_the_ttl_without_activity(db, clock) -> None:
    user_id = _user()
    token = _sign_in()
    ttl = get_settings().session_ttl_s
    clock.advance(ttl - 1)
    assert _who(token) == user_id
    clock.advance(2)
    assert _who(token) is None
    with write_session() as s:  # an expired session is not revived
        refresh_session(s, token)
    assert _who(token) is None


def test_activity_slides_the_expiry(db, clock) -> None:
    user_id = _user()
    token = _sign_in()
    ttl = get_settings().session_ttl_s
    for _ in range(3):
        clock.advance(ttl * 0.6)
        with write_session() as s:
            refresh_session(s, token)
        assert _who(token) == user_id
    clock.advance(ttl + 1)
    assert _who(token) is None


def test_sign_out_ends_the_session_at_once(db, clock) -> None:
    _user()
    token = _sign_in()
    with write_session() as s:
        sign_out(s, token)
    assert _who(token) is None


def test_active_tokens_checks_many_tabs_at_once(db, clock) -> None:
    _user()
    keep, ended = _sign_in(), _sign_in()
    with write_session() as s:
        sign_out(s, ended)
    with read_session() as s:
        assert active_tokens(s, [keep, ended, "", "made-up"]) == {keep}
    clock.advance(get_settings().session_ttl_s + 1)
    with read_session() as s:
        assert active_tokens(s, [keep]) == set()
