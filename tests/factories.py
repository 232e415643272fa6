"""Small builders for test data (bodies and rows)."""

from __future__ import annotations

from typing import Any

from sety_dashboard.core.db import write_session
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import CreateIncidentRequest
from sety_dashboard.domain.responders.inputs import CreateResponderRequest
from sety_dashboard.domain.responders.service import create_responder

TEST_ACTOR = Actor(kind="api", id="key_testtesttesttest", name="test key")
DISPATCHER = Actor(kind="user", id="usr_dispatcher000001", name="Ada Dispatcher", role="dispatcher")
SUPERVISOR = Actor(kind="user", id="usr_supervisor000001", name="Sam Supervisor", role="supervisor")


def incident_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "category": "sos",
        "location": {"coordinates": [3.3792, 6.5244], "address": "14 Bourdillon Road, Ikoyi, Lagos"},
        "subject": {"name": "Amaka Obi", "phone": "+2348012345678", "reference": "TRIP-44821"},
    }
    body.update(overrides)
    return body


def make_incident(actor: Actor = TEST_ACTOR, **overrides: Any) -> str:
    with write_session() as session:
        result = service.create_incident(
            session, request=CreateIncidentRequest(**incident_body(**overrides)), actor=actor)
        return result.incident.id


def make_responder(name: str = "Unit 7 — Tunde", on_duty: bool = True) -> str:
    with write_session() as session:
        return create_responder(session, request=CreateResponderRequest(
            name=name, phone="+2348030000007", role="security", unit="Patrol 7",
            on_duty=on_duty)).id
