"""The front desk's site: chosen once, kept per user, what the board shows."""

from __future__ import annotations

import pytest

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.access import desk
from sety_dashboard.domain.errors import Forbidden, ValidationFailed
from sety_dashboard.domain.users.service import CreateUserRequest, create_user, user_actor
from tests.access_factories import walk_in


def _user(role: str, email: str):
    with write_session() as session:
        return user_actor(create_user(session, request=CreateUserRequest(
            email=email, name=f"{role} person", role=role, password="correct horse battery")))


def _choose(actor, site: str) -> str:
    with write_session() as session:
        return desk.choose_desk_site(session, actor=actor, site=site)


def test_a_desk_remembers_its_site_per_user(db, clock):
    funmi = _user("front_desk", "funmi@example.com")
    bayo = _user("front_desk", "bayo@example.com")
    assert _choose(funmi, "  Lagos   Annex ") == "Lagos Annex"
    assert _choose(bayo, "HQ") == "HQ"
    assert _choose(funmi, "HQ") == "HQ"  # moved desks
    with read_session() as session:
        assert desk.desk_site(session, funmi.id) == "HQ"
        assert desk.desk_site(session, bayo.id) == "HQ"


def test_a_known_site_keeps_its_spelling(db, clock):
    walk_in("Someone", site="Abuja Office")
    funmi = _user("front_desk", "funmi@example.com")
    assert _choose(funmi, "abuja  office") == "Abuja Office"


@pytest.mark.parametrize("site,issue", [("   ", "required"), ("x" * 201, "too_long")])
def test_a_desk_site_must_be_a_name(db, clock, site, issue):
    funmi = _user("front_desk", "funmi@example.com")
    with pytest.raises(ValidationFailed) as err:
        _choose(funmi, site)
    assert err.value.details == [{"field": "site", "issue": issue}]


def test_only_visitor_board_users_have_a_desk(db, clock):
    dispatcher = _user("dispatcher", "ada@example.com")
    with pytest.raises(Forbidden):
        _choose(dispatcher, "HQ")


@pytest.mark.parametrize("role,own,wanted,shown", [
    ("front_desk", "HQ", None, "HQ"),
    ("front_desk", "HQ", "", "HQ"),           # a front desk cannot look at every site
    ("front_desk", "HQ", "Abuja", "HQ"),
    ("front_desk", None, None, None),          # must choose first
    ("supervisor", None, None, ""),            # every site
    ("supervisor", "HQ", None, "HQ"),
    ("supervisor", "HQ", "", ""),
    ("admin", None, "Abuja", "Abuja"),
])
def test_which_site_a_board_shows(role, own, wanted, shown):
    assert desk.board_site(role, own, wanted) == shown
