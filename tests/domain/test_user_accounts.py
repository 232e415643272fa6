"""Account management: role changes, password resets, ending sessions, last
sign-in; the last admin is never demoted, not even by two admins at once."""

from __future__ import annotations

import threading

import pytest

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.errors import InvalidTransition, NotFound, Unauthorized, ValidationFailed
from sety_dashboard.domain.users import accounts
from sety_dashboard.domain.users.models import User
from sety_dashboard.domain.users.service import (
    CreateUserRequest,
    create_user,
    sign_in,
    user_actor,
    user_for_token,
    user_view,
)

PASSWORD = "correct horse battery"


def _user(email: str, role: str = "dispatcher"):
    with write_session() as s:
        return user_actor(create_user(s, request=CreateUserRequest(
            email=email, name=email.split("@")[0], role=role, password=PASSWORD)))


def _sign_in(email: str, password: str = PASSWORD) -> str:
    with write_session() as s:
        return sign_in(s, email=email, password=password)[1]


def _role(user_id: str, role: str, actor) -> str:
    with write_session() as s:
        return accounts.change_role(s, user_id=user_id, role=role, actor=actor).role


def test_change_role_and_its_rules(db, clock) -> None:
    root = _user("root@example.com", "admin")
    ada = _user("ada@example.com")
    assert _role(ada.id, "supervisor", root) == "supervisor"
    with pytest.raises(ValidationFailed, match="role must be one of"):
        _role(ada.id, "overlord", root)
    with pytest.raises(InvalidTransition, match="your own role"):
        _role(root.id, "dispatcher", root)
    _role(ada.id, "admin", root)
    # Ada (now an admin) may demote root while she remains; then she is the last.
    assert _role(root.id, "dispatcher", user_actor_of(ada.id)) == "dispatcher"
    boss = _user("boss@example.com", "supervisor")
    with pytest.raises(InvalidTransition, match="last enabled admin"):
        _role(ada.id, "dispatcher", boss)
    with pytest.raises(NotFound):
        _role("usr_doesnotexist000", "admin", root)


def user_actor_of(user_id: str):
    with read_session() as s:
        return user_actor(s.get(User, user_id))


def test_two_admins_demoting_each_other_at_once_leave_one_admin(db, clock) -> None:
    a = _user("a@example.com", "admin")
    b = _user("b@example.com", "admin")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def run(target, actor) -> None:
        barrier.wait()
        try:
            _role(target.id, "dispatcher", actor)
            results.append("ok")
        except InvalidTransition:
            results.append("refused")

    threads = [threading.Thread(target=run, args=(b, a)), threading.Thread(target=run, args=(a, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    with read_session() as s:
        assert s.query(User).filter(User.role == "admin").count() == 1


def test_password_reset_ends_sessions_and_the_temporary_password_works(db, clock) -> None:
    root = _user("root@example.com", "admin")
    ada = _user("ada@example.com")
    token = _sign_in("ada@example.com")
    with write_session() as s:
        user, temporary = accounts.reset_password(s, user_id=ada.id, actor=root)
    assert len(temporary) >= 12 and temporary not in user.password_hash
    with read_session() as s:
        assert user_for_token(s, token) is None
    with pytest.raises(Unauthorized):
        _sign_in("ada@example.com")
    assert _sign_in("ada@example.com", temporary)
    with write_session() as s, pytest.raises(InvalidTransition):
        accounts.reset_password(s, user_id=root.id, actor=root)


def test_end_sessions_and_last_sign_in(db, clock) -> None:
    ada = _user("ada@example.com")
    with read_session() as s:
        assert user_view(s.get(User, ada.id))["last_sign_in_at"] is None
    first = _sign_in("ada@example.com")
    clock.advance(90)
    second = _sign_in("ada@example.com")
    with read_session() as s:
        assert user_view(s.get(User, ada.id))["last_sign_in_at"] == "2026-11-30T14:01:30.000Z"
    with write_session() as s:
        assert accounts.end_sessions(s, user_id=ada.id) == 2
    with read_session() as s:
        assert user_for_token(s, first) is None and user_for_token(s, second) is None
