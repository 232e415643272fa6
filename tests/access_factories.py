"""Small builders for access tests: codes, check-ins, check-outs, events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.access import codes, service
from sety_dashboard.domain.access.inputs import (
    CheckInRequest,
    CheckoutRequest,
    CreateAccessCodeRequest,
)
from sety_dashboard.domain.access.models import AccessCode, AccessDenial, AccessLog
from sety_dashboard.domain.actors import Actor
from sety_dashboard.events.models import EventRecord
from tests.factories import TEST_ACTOR

FRONT_DESK = Actor(kind="user", id="usr_frontdesk0000001", name="Femi Desk", role="front_desk")


def code_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"visitor_name": "Chidi Okeke", "visitor_phone": "+2348031234567",
                            "host_name": "Ngozi (Finance)", "purpose": "Interview", "site": "HQ"}
    body.update(overrides)
    return body


def make_code(actor: Actor = TEST_ACTOR, **overrides: Any) -> AccessCode:
    with write_session() as session:
        return codes.create_code(session, request=CreateAccessCodeRequest(**code_body(**overrides)),
                                 actor=actor)


def check_in(actor: Actor = TEST_ACTOR, **fields: Any) -> service.CheckInOutcome:
    with write_session() as session:
        return service.check_in(session, request=CheckInRequest(**fields), actor=actor)


def walk_in(name: str = "Bola Ade", site: str | None = "HQ", **fields: Any) -> AccessLog:
    outcome = check_in(visitor_name=name, site=site, **fields)
    assert outcome.log is not None
    return outcome.log


def check_out(log_id: str, actor: Actor = TEST_ACTOR, notes: str | None = None) -> AccessLog:
    with write_session() as session:
        return service.check_out(session, log_id=log_id, request=CheckoutRequest(notes=notes),
                                 actor=actor)


def reload_code(code_id: str) -> AccessCode:
    with read_session() as session:
        return codes.get_code(session, code_id)


def events(type_prefix: str = "") -> list[EventRecord]:
    with read_session() as session:
        rows = session.execute(select(EventRecord).order_by(EventRecord.seq)).scalars()
        return [r for r in rows if r.type.startswith(type_prefix)]


def count(model: type) -> int:
    with read_session() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def log_count() -> int:
    return count(AccessLog)


def denial_count() -> int:
    return count(AccessDenial)
