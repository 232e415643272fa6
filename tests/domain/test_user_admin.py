"""Disabling and re-enabling dashboard users: sessions end, lock-outs are refused."""

from __future__ import annotations

import threading

import pytest

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.errors import InvalidTransition, NotFound, Unauthorized
from sety_dashboard.domain.users.models import User
from sety_dashboard.domain.users.service import (
    CreateUserRequest,
    create_user,
    set_disabled,
    sign_in,
    user_actor,
    user_for_token,
)

PASSWORD = "correct horse battery"


def _user(email: str, role: str = "dispatcher"):
    with write_session() as s:
        user = create_user(s, request=CreateUserRequest(email=email, name=email.split("@")[0],
                                                        role=role, password=PASSWORD))
        return user_actor(user)


def _sign_in(email: str) -> str:
    with write_session() as s:
        return sign_in(s, email=email, password=PASSWORD)[1]


def _disable(user_id: str, actor, disabled: bool = True) -> bool:
    with write_session() as s:
        return set_disabled(s, user_id=user_id, disabled=disabled, actor=actor).disabled


def test_disabling_ends_sessions_and_refuses_sign_in(db, clock) -> None:
    admin = _user("root@example.com", "admin")
    ada = _user("ada@example.com")
    token = _sign_in("ada@example.com")
    assert _disable(ada.id, admin) is True
    with read_session() as s:
        assert user_for_token(s, token) is None
    with write_session() as s, pytest.raises(Unauthorized):
        sign_in(s, email="ada@example.com", password=PASSWORD)
    # Enabling lets her sign in again, but the old session stays ended.
    assert _disable(ada.id, admin, disabled=False) is False
    new_token = _sign_in("ada@example.com")
    with read_session() as s:
        assert user_for_token(s, token) is None
        assert user_for_token(s, new_token).id == ada.id


def test_cannot_disable_self_or_the_last_admin(db, clock) -> None:
    root = _user("root@example.com", "admin")
    with pytest.raises(InvalidTransition, match="your own account"):
        _disable(root.id, root)
    other = _user("other@example.com", "admin")
    assert _disable(root.id, other) is True  # another admin remains: allowed
    with pytest.raises(InvalidTransition, match="last enabled admin"):
        _disable(other.id, _user("sup@example.com", "supervisor"))
    with read_session() as s:
        assert s.get(User, root.id).disabled is True
        assert s.get(User, other.id).disabled is False


def test_unknown_user_is_not_found(db, clock) -> None:
    admin = _user("root@example.com", "admin")
    with pytest.raises(NotFound):
        _disable("usr_doesnotexist000", admin)


def test_two_admins_disabling_each_other_at_once_leave_one_admin(db, clock) -> None:
    """The database decides: exactly one succeeds, the other is refused."""
    for round_ in range(3):
        a = _user(f"a{round_}@example.com", "admin")
        b = _user(f"b{round_}@example.com", "admin")
        # Leave exactly these two enabled admins.
        with write_session() as s:
            for u in s.query(User).filter(User.role == "admin", User.id.notin_([a.id, b.id])):
                u.disabled = True
        barrier = threading.Barrier(2)
        results: dict[str, str] = {}

        def run(target, actor, barrier=barrier, results=results) -> None:
            barrier.wait()
            try:
                _disable(target.id, actor)
                results[actor.id] = "ok"
            except InvalidTransition:
                results[actor.id] = "refused"

        threads = [threading.Thread(target=run, args=(b, a)),
                   threading.Thread(target=run, args=(a, b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results.values()) == ["ok", "refused"]
        with read_session() as s:
            enabled = s.query(User).filter(User.role == "admin", User.disabled.is_(False)).count()
        assert enabled == 1
