"""Responder accounts: linked to one roster entry, acting only on their own
assignments (accept, move, note, backup, location)."""

from __future__ import annotations

import threading

import pytest

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.errors import Forbidden, InvalidTransition, ValidationFailed
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import AssignRequest, UpdateAssignmentRequest
from sety_dashboard.domain.incidents.models import Assignment
from sety_dashboard.domain.incidents.read_model import incident_view
from sety_dashboard.domain.responders import duty
from sety_dashboard.domain.responders.inputs import UpdateResponderRequest
from sety_dashboard.domain.responders.service import (
    get_responder,
    responder_view,
    update_responder,
)
from sety_dashboard.domain.users import permissions
from sety_dashboard.domain.users.service import CreateUserRequest, create_user, user_actor
from sety_dashboard.events.bus import get_bus
from sety_dashboard.events.models import EventRecord
from tests.factories import DISPATCHER, make_incident, make_responder

PASSWORD = "correct horse battery"


def _responder_user(email: str, responder_id: str | None, role: str = "responder"):
    with write_session() as s:
        return user_actor(create_user(s, request=CreateUserRequest(
            email=email, name=email.split("@")[0], role=role, password=PASSWORD,
            responder_id=responder_id)))


def _assign(incident_id: str, responder_id: str) -> str:
    with write_session() as s:
        inc = service.assign_responder(s, incident_id=incident_id,
                                       request=AssignRequest(responder_id=responder_id),
                                       actor=DISPATCHER)
        view = incident_view(s, inc)
    return [a for a in view["responders"]
            if a["responder"]["responder_id"] == responder_id][-1]["assignment_id"]


def _run(fn, **kw):
    with write_session() as s:
        return incident_view(s, fn(s, **kw))


def test_responder_accounts_need_exactly_one_free_roster_entry(db, clock) -> None:
    rsp = make_responder()
    with pytest.raises(ValidationFailed, match="needs the roster entry"):
        _responder_user("a@example.com", None)
    with pytest.raises(ValidationFailed, match="not on the roster"):
        _responder_user("a@example.com", "rsp_doesnotexist0000")
    with pytest.raises(ValidationFailed, match="only a responder account"):
        _responder_user("d@example.com", rsp, role="dispatcher")
    me = _responder_user("a@example.com", rsp)
    assert me.role == "responder" and me.responder_id == rsp
    with pytest.raises(ValidationFailed, match="already has an account"):
        _responder_user("b@example.com", rsp)


def test_responder_role_opens_no_dispatch_visitor_or_admin_page() -> None:
    for rule in (permissions.can_dispatch, permissions.can_use_visitor_board,
                 permissions.can_see_threat_map, permissions.can_see_analytics,
                 permissions.can_manage_sla, permissions.is_admin, permissions.can_take_muster,
                 permissions.can_start_drills, permissions.can_cancel_drills):
        assert not rule("responder"), rule.__name__
    assert permissions.is_responder("responder")
    assert not any(permissions.is_responder(r)
                   for r in ("dispatcher", "front_desk", "supervisor", "admin", None))


def test_accept_move_note_backup_release(db, clock) -> None:
    rsp = make_responder()
    me = _responder_user("u7@example.com", rsp)
    inc = make_incident()
    asg = _assign(inc, rsp)
    with read_session() as s:
        [mine] = duty.my_assignments(s, me)
    assert mine["assignment_id"] == asg and mine["incident"]["incident_id"] == inc
    a = mine["incident"]["responders"][0]
    assert a["accepted_at"] is None
    assert a["accept_due_at"] == "2026-11-30T14:01:00.000Z"  # default 60 s

    clock.advance(5)
    view = _run(duty.accept, assignment_id=asg, actor=me)
    a = view["responders"][0]
    assert a["accepted_at"] == "2026-11-30T14:00:05.000Z" and a["accept_due_at"] is None
    assert view["timeline"][-1]["message"] == "Unit 7 — Tunde accepted"
    assert view["timeline"][-1]["event"] == "responder_updated"
    with pytest.raises(InvalidTransition, match="already accepted"):
        _run(duty.accept, assignment_id=asg, actor=me)

    view = _run(duty.advance, assignment_id=asg, status="en_route", note=None, actor=me)
    assert view["responders"][0]["status"] == "en_route"
    view = _run(duty.advance, assignment_id=asg, status="on_scene", note=None, actor=me)
    assert view["status"] == "on_scene"
    view = _run(duty.add_note, assignment_id=asg, message="Gate locked, going round", actor=me)
    assert view["timeline"][-1]["actor_name"] == "u7"
    view = _run(duty.request_backup, assignment_id=asg, reason="crowd forming", actor=me)
    assert view["timeline"][-1]["event"] == "escalated"
    assert view["timeline"][-1]["message"] == "Unit 7 — Tunde needs backup: crowd forming"
    assert view["responders"][0]["backup_requested_at"] is not None
    with pytest.raises(ValidationFailed, match="say why"):
        _run(duty.advance, assignment_id=asg, status="released", note="  ", actor=me)
    view = _run(duty.advance, assignment_id=asg, status="released", note="handed to police",
                actor=me)
    assert view["responders"][0]["status"] == "released"
    with read_session() as s:
        assert duty.my_assignments(s, me) == []
        types = [e.type for e in s.query(EventRecord).order_by(EventRecord.seq)]
    # accept, en route, on scene, backup and release all reuse responder_updated.
    assert types.count("incident.responder_updated") == 5


def test_moving_out_counts_as_accepted(db, clock) -> None:
    """A dispatcher marking the unit en route (it phoned in) clears the flag."""
    rsp = make_responder()
    asg = _assign(make_incident(), rsp)
    with write_session() as s:
        inc_id = s.get(Assignment, asg).incident_id
    with write_session() as s:
        view = incident_view(s, service.update_assignment(
            s, incident_id=inc_id, assignment_id=asg,
            request=UpdateAssignmentRequest(status="en_route"), actor=DISPATCHER))
    assert view["responders"][0]["accepted_at"] is not None


def test_a_responder_cannot_touch_another_units_assignment(db, clock) -> None:
    mine, theirs = make_responder("Unit 7"), make_responder("Unit 9")
    me = _responder_user("u7@example.com", mine)
    other = _assign(make_incident(), theirs)
    for fn, kw in ((duty.accept, {}), (duty.advance, {"status": "en_route", "note": None}),
                   (duty.add_note, {"message": "hi"}), (duty.request_backup, {"reason": None})):
        with pytest.raises(Forbidden, match="not yours"):
            _run(fn, assignment_id=other, actor=me, **kw)
    with pytest.raises(Forbidden, match="not yours"):
        _run(duty.accept, assignment_id="asg_doesnotexist0000", actor=me)
    with read_session() as s:
        assert duty.my_assignments(s, me) == []
    # A dispatcher is not a unit: no "my assignments", no unit actions.
    with read_session() as s, pytest.raises(Forbidden):
        duty.my_assignments(s, DISPATCHER)


def test_location_is_stored_with_its_time_and_announced(db, clock, monkeypatch) -> None:
    rsp = make_responder()
    me = _responder_user("u7@example.com", rsp)
    published: list[dict] = []
    bus = get_bus()
    real = bus.publish
    monkeypatch.setattr(bus, "publish", lambda env: (published.append(env), real(env)))
    inc = make_incident()  # at 6.5244, 3.3792
    _assign(inc, rsp)
    with read_session() as s:
        assert duty.my_assignments(s, me)[0]["distance_m"] is None
    clock.advance(30)
    with write_session() as s:
        duty.report_location(s, actor=me, lng=3.3892, lat=6.5244)
    with read_session() as s:
        view = responder_view(get_responder(s, rsp))
        [row] = duty.my_assignments(s, me)
    assert view["location"] == {"coordinates": [3.3892, 6.5244]}
    assert view["location_updated_at"] == "2026-11-30T14:00:30.000Z"
    assert 1090 < row["distance_m"] < 1120
    notices = published
    assert [n["data"]["responder_id"] for n in notices if n["type"] == "responder.updated"] == [rsp]
    assert all("seq" not in n for n in notices if n["type"] == "responder.updated")
    with write_session() as s, pytest.raises(ValidationFailed):
        duty.report_location(s, actor=me, lng=3.3, lat=95.0)
    with write_session() as s:
        update_responder(s, responder_id=rsp, request=UpdateResponderRequest(on_duty=False))
    with write_session() as s, pytest.raises(InvalidTransition, match="off duty"):
        duty.report_location(s, actor=me, lng=3.4, lat=6.5)


def test_two_taps_on_accept_at_once_accept_once(db, clock) -> None:
    rsp = make_responder()
    me = _responder_user("u7@example.com", rsp)
    asg = _assign(make_incident(), rsp)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def tap() -> None:
        barrier.wait()
        try:
            _run(duty.accept, assignment_id=asg, actor=me)
            outcomes.append("ok")
        except InvalidTransition:
            outcomes.append("refused")

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    with read_session() as s:
        timeline = duty.my_assignments(s, me)[0]["incident"]["timeline"]
    assert sum(1 for t in timeline if t["message"].endswith("accepted")) == 1
