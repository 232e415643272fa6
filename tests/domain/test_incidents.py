"""Incident services: lifecycle, timeline, SLA, events — on each backend."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.errors import Forbidden, InvalidTransition, NotFound
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import (
    AcknowledgeRequest,
    AssignRequest,
    CancelRequest,
    CreateIncidentRequest,
    NoteRequest,
    ResolveRequest,
    UpdateAssignmentRequest,
)
from sety_dashboard.domain.incidents.read_model import incident_view
from sety_dashboard.domain.incidents.sla_sweep import sweep_sla_breaches
from sety_dashboard.events.models import EventRecord
from tests.factories import DISPATCHER, SUPERVISOR, TEST_ACTOR, incident_body, make_incident, make_responder


def view(incident_id: str) -> dict:
    with read_session() as session:
        return incident_view(session, service.get_incident(session, incident_id))


def act(fn, **kw):
    with write_session() as session:
        return fn(session, actor=kw.pop("actor", TEST_ACTOR), **kw)


def events() -> list[EventRecord]:
    with read_session() as session:
        return list(session.execute(select(EventRecord).order_by(EventRecord.seq)).scalars())


def test_create_sets_defaults_and_sla(db, clock):
    inc = view(make_incident())
    assert inc["severity"] == "critical"
    assert inc["title"] == "SOS — Amaka Obi"
    assert inc["status"] == "created"
    assert inc["sla"]["policy"] == "critical"
    assert inc["sla"]["acknowledge_due_at"] == "2026-11-30T14:00:15.000Z"
    assert inc["sla"]["dispatch_due_at"] == "2026-11-30T14:01:00.000Z"
    assert inc["sla"]["resolve_due_at"] == "2026-11-30T15:00:00.000Z"
    assert [t["event"] for t in inc["timeline"]] == ["created"]
    assert inc["timeline"][0]["actor"] == "api:key_testtesttesttest"


@pytest.mark.parametrize("category,severity", [("fire", "critical"), ("medical", "critical"),
                                               ("security", "high"), ("accident", "high"),
                                               ("harassment", "high"), ("other", "medium"),
                                               ("suspicious_activity", "medium")])
def test_default_severity_by_category(db, category, severity):
    assert view(make_incident(category=category))["severity"] == severity


def test_full_lifecycle_writes_timeline_and_events(db, clock):
    inc_id = make_incident()
    rsp = make_responder()
    clock.advance(5)
    act(service.acknowledge_incident, incident_id=inc_id, request=AcknowledgeRequest())
    clock.advance(5)
    act(service.assign_responder, incident_id=inc_id, request=AssignRequest(responder_id=rsp, eta_s=240))
    asg = view(inc_id)["responders"][0]["assignment_id"]
    act(service.update_assignment, incident_id=inc_id, assignment_id=asg,
        request=UpdateAssignmentRequest(status="en_route"))
    act(service.update_assignment, incident_id=inc_id, assignment_id=asg,
        request=UpdateAssignmentRequest(status="on_scene"))
    act(service.add_note, incident_id=inc_id, request=NoteRequest(message="Subject safe"))
    act(service.resolve_incident, incident_id=inc_id,
        request=ResolveRequest(resolution_outcome="handled", resolution_notes="Escorted home"))
    inc = view(inc_id)
    assert inc["status"] == "resolved"
    assert inc["resolution_outcome"] == "handled"
    assert inc["responders"][0]["status"] == "released"
    assert [t["event"] for t in inc["timeline"]] == [
        "created", "acknowledged", "responder_assigned", "responder_updated", "responder_updated",
        "status_changed", "note_added", "resolved"]
    assert [t["status"] for t in inc["timeline"]][-3:] == ["on_scene", "on_scene", "resolved"]
    assert not inc["sla"]["breached"]
    types = [e.type for e in events()]
    assert types == ["incident.created", "incident.acknowledged", "incident.responder_assigned",
                     "incident.responder_updated", "incident.responder_updated",
                     "incident.note_added", "incident.resolved"]
    assert [e.seq for e in events()] == list(range(1, 8))
    assert events()[-1].data["status"] == "resolved"


def test_assignment_jumps_created_to_dispatched(db):
    inc_id = make_incident()
    act(service.assign_responder, incident_id=inc_id, request=AssignRequest(responder_id=make_responder()))
    inc = view(inc_id)
    assert inc["status"] == "dispatched"
    assert inc["sla"]["acknowledged_at"] is not None


def test_going_back_or_leaving_terminal_is_refused(db):
    inc_id = make_incident()
    act(service.assign_responder, incident_id=inc_id, request=AssignRequest(responder_id=make_responder()))
    with pytest.raises(InvalidTransition):
        act(service.acknowledge_incident, incident_id=inc_id, request=AcknowledgeRequest())
    act(service.cancel_incident, incident_id=inc_id, request=CancelRequest(reason="duplicate"))
    for fn, req in [(service.resolve_incident, ResolveRequest(resolution_outcome="handled")),
                    (service.cancel_incident, CancelRequest()),
                    (service.acknowledge_incident, AcknowledgeRequest())]:
        with pytest.raises(InvalidTransition):
            act(fn, incident_id=inc_id, request=req)
    assert len(events()) == 3  # created, assigned, cancelled: refusals wrote nothing


def test_refused_action_leaves_no_partial_write(db):
    inc_id = make_incident()
    before = view(inc_id)
    with pytest.raises(NotFound):
        act(service.assign_responder, incident_id=inc_id, request=AssignRequest(responder_id="rsp_nope"))
    assert view(inc_id) == before


def test_assignment_cannot_go_back(db):
    inc_id = make_incident()
    act(service.assign_responder, incident_id=inc_id, request=AssignRequest(responder_id=make_responder()))
    asg = view(inc_id)["responders"][0]["assignment_id"]
    act(service.update_assignment, incident_id=inc_id, assignment_id=asg,
        request=UpdateAssignmentRequest(status="on_scene"))
    assert view(inc_id)["status"] == "on_scene"
    with pytest.raises(InvalidTransition):
        act(service.update_assignment, incident_id=inc_id, assignment_id=asg,
            request=UpdateAssignmentRequest(status="en_route"))


def test_drill_cancel_needs_supervisor(db):
    inc_id = make_incident(is_drill=True)
    with pytest.raises(Forbidden):
        act(service.cancel_incident, incident_id=inc_id, request=CancelRequest(reason="x"), actor=DISPATCHER)
    act(service.cancel_incident, incident_id=inc_id, request=CancelRequest(reason="drill over"),
        actor=SUPERVISOR)
    inc = view(inc_id)
    assert inc["status"] == "cancelled"
    assert inc["timeline"][-1]["actor_name"] == "Sam Supervisor"


def test_real_incident_cancelled_by_dispatcher(db):
    inc_id = make_incident()
    act(service.cancel_incident, incident_id=inc_id, request=CancelRequest(reason="prank"), actor=DISPATCHER)
    assert view(inc_id)["status"] == "cancelled"


def test_sla_sweep_notes_each_stage_once(db, clock):
    inc_id = make_incident()
    assert sweep_sla_breaches() == 0
    clock.advance(16)
    assert sweep_sla_breaches() == 1
    assert sweep_sla_breaches() == 0
    inc = view(inc_id)
    assert inc["sla"]["acknowledge_breached"] and not inc["sla"]["dispatch_breached"]
    clock.advance(60)
    assert sweep_sla_breaches() == 1
    breaches = [t for t in view(inc_id)["timeline"] if t["event"] == "sla_breached"]
    assert len(breaches) == 2
    assert [e.type for e in events()].count("incident.sla_breached") == 2


def test_sla_met_stage_never_breaches(db, clock):
    inc_id = make_incident()
    clock.advance(10)
    act(service.acknowledge_incident, incident_id=inc_id, request=AcknowledgeRequest())
    clock.advance(30)
    assert sweep_sla_breaches() == 0
    clock.advance(30)  # dispatch deadline (60 s) passes undispatched
    assert sweep_sla_breaches() == 1
    sla = view(inc_id)["sla"]
    assert not sla["acknowledge_breached"] and sla["dispatch_breached"] and sla["breached"]


def test_action_after_deadline_catches_up_breach_first(db, clock):
    inc_id = make_incident()
    clock.advance(20)
    act(service.acknowledge_incident, incident_id=inc_id, request=AcknowledgeRequest())
    events_ = [t["event"] for t in view(inc_id)["timeline"]]
    assert events_ == ["created", "sla_breached", "acknowledged"]
    assert sweep_sla_breaches() == 0


def test_sla_frozen_at_creation(db, clock):
    from sety_dashboard.domain.incidents.sla import set_policy

    inc_id = make_incident()
    with write_session() as session:
        set_policy(session, "critical", 600, 1200, 7200)
    assert view(inc_id)["sla"]["acknowledge_due_at"] == "2026-11-30T14:00:15.000Z"
    assert view(make_incident())["sla"]["acknowledge_due_at"] == "2026-11-30T14:10:00.000Z"


def test_cancelled_incident_stops_sla_clock(db, clock):
    inc_id = make_incident()
    clock.advance(5)
    act(service.cancel_incident, incident_id=inc_id, request=CancelRequest())
    clock.advance(7200)
    assert sweep_sla_breaches() == 0
    assert view(inc_id)["sla"]["breached"] is False


def test_idempotent_create_replays(db):
    body = CreateIncidentRequest(**incident_body(idempotency_key="trip-1"))
    with write_session() as s:
        first = service.create_incident(s, request=body, actor=TEST_ACTOR)
    with write_session() as s:
        second = service.create_incident(s, request=body, actor=TEST_ACTOR)
    assert second.replayed and second.incident.id == first.incident.id
    assert len(events()) == 1


def test_list_filters_and_search(db, clock):
    a = make_incident(subject={"name": "Chidi Okeke", "phone": "+2348011111111"})
    clock.advance(1)
    b = make_incident(category="fire", is_drill=True)
    clock.advance(1)
    c = make_incident(category="medical", subject={"name": "Zainab", "reference": "TRIP-9"})
    f = service.IncidentFilters
    with read_session() as s:
        ids = lambda flt: [i.id for i in service.list_incidents(s, filters=flt, page=1, limit=50)[0]]  # noqa: E731
        assert ids(f()) == [c, b, a]
        assert ids(f(q="chidi")) == [a]
        assert ids(f(q="trip-9")) == [c]
        assert ids(f(q="+234801111")) == [a]
        assert ids(f(is_drill=True)) == [b]
        assert ids(f(category=["fire", "medical"])) == [c, b]
        assert ids(f(q="100%_")) == []


def test_dashboard_resolution_of_critical_or_high_needs_notes(db, clock) -> None:
    from sety_dashboard.core.db import write_session as ws
    from sety_dashboard.domain.errors import ValidationFailed
    from sety_dashboard.domain.incidents.inputs import ResolveRequest
    from tests.factories import DISPATCHER, make_incident

    crit = make_incident()
    low = make_incident(category="other", severity="low")
    with ws() as s:
        with pytest.raises(ValidationFailed, match="critical incident needs resolution notes"):
            service.resolve_incident(s, incident_id=crit, actor=DISPATCHER, require_notes=True,
                                     request=ResolveRequest(resolution_outcome="handled",
                                                            resolution_notes="  "))
    with ws() as s:  # low: notes stay optional; and the API path never requires them
        service.resolve_incident(s, incident_id=low, actor=DISPATCHER, require_notes=True,
                                 request=ResolveRequest(resolution_outcome="handled"))
        service.resolve_incident(s, incident_id=crit, actor=DISPATCHER,
                                 request=ResolveRequest(resolution_outcome="handled"))


def test_a_second_acknowledgement_is_already_done_not_an_error(db, clock) -> None:
    """The dashboard shows it as information; the API keeps its 409 (a subclass)."""
    from sety_dashboard.core.db import write_session as ws
    from sety_dashboard.domain.errors import AlreadyDone
    from sety_dashboard.domain.incidents import lifecycle
    from sety_dashboard.domain.incidents.inputs import AcknowledgeRequest
    from tests.factories import DISPATCHER, make_incident

    inc = make_incident()
    with ws() as s:
        service.acknowledge_incident(s, incident_id=inc, request=AcknowledgeRequest(),
                                     actor=DISPATCHER)
    with ws() as s, pytest.raises(AlreadyDone, match="already acknowledged by Ada Dispatcher"):
        service.acknowledge_incident(s, incident_id=inc, request=AcknowledgeRequest(),
                                     actor=DISPATCHER)
    assert issubclass(AlreadyDone, InvalidTransition)
    assert lifecycle.assignment_moves("assigned", "dispatched") == ["en_route", "on_scene",
                                                                    "released"]
    assert lifecycle.assignment_moves("en_route", "resolved") == ["released"]
    assert lifecycle.assignment_moves("released", "dispatched") == []
