"""Check-in (walk-in and with a code), refusals, checkout, overstay, lists."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sety_dashboard.core import clock as clock_mod
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.access import codes, service
from sety_dashboard.domain.access.read_model import current_view
from sety_dashboard.domain.errors import AccessDenied, AlreadyCheckedOut, NotFound, ValidationFailed
from tests.access_factories import (
    FRONT_DESK,
    check_in,
    check_out,
    denial_count,
    events,
    log_count,
    make_code,
    reload_code,
    walk_in,
)
from tests.factories import TEST_ACTOR


def current(site: str | None = None) -> list[dict]:
    with read_session() as session:
        now = clock_mod.now()
        return [current_view(r, now) for r in service.current_visitors(session, site=site)]


def logs(**kw) -> list[str]:
    with read_session() as session:
        rows, total = service.list_logs(session, filters=service.LogFilters(**kw), page=1, limit=100)
    assert total == len(rows)
    return [r.visitor_name for r in rows]


def test_walk_in_checks_in_with_event(db, clock):
    log = check_in(FRONT_DESK, visitor_name="Bola Ade", host_name="Kemi (HR)",
                   purpose="Delivery", site="HQ", notes="parcel").log
    assert log is not None
    assert (log.method, log.status, log.code_id) == ("walk_in", "checked_in", None)
    assert log.check_in_at == clock.now()
    assert log.overstay_at == clock.now() + timedelta(hours=12)
    assert log.checked_in_by == "user:usr_frontdesk0000001"
    [evt] = events("access.")
    assert evt.type == "access.checked_in"
    assert evt.data["log_id"] == log.id and evt.data["method"] == "walk_in"
    assert evt.data["notes"] == "parcel" and evt.data["check_out_at"] is None


def test_walk_in_needs_a_name(db, clock):
    with pytest.raises(ValidationFailed) as err:
        check_in(site="HQ")
    assert err.value.details == [{"field": "visitor_name", "issue": "required"}]
    assert log_count() == 0 and events() == []


def test_check_in_with_code_fills_from_code_and_uses_it(db, clock):
    code = make_code(code="483920", visitor_email="chidi@example.com")
    outcome = check_in(access_code="483920")
    log = outcome.raise_if_denied()
    assert (log.visitor_name, log.visitor_phone, log.host_name, log.purpose, log.site) == (
        "Chidi Okeke", "+2348031234567", "Ngozi (Finance)", "Interview", "HQ")
    assert (log.method, log.code_id) == ("access_code", code.id)
    assert log.overstay_at == code.valid_until
    code = reload_code(code.id)
    assert code.uses == 1 and code.last_used_at == clock.now()
    assert codes.code_status(code, clock.now()) == "exhausted"
    assert [e.type for e in events("access.")] == ["access.checked_in"]


def test_desk_fields_win_over_the_codes(db, clock):
    make_code(code="GROUP5", visitor_name="Acme contractors", max_uses=5)
    log = check_in(access_code="group5", visitor_name="Ike Obi", host_name="Facilities").log
    assert (log.visitor_name, log.host_name, log.purpose) == ("Ike Obi", "Facilities", "Interview")


@pytest.mark.parametrize("reason", ["not_found", "not_yet_valid", "expired", "revoked",
                                    "exhausted"])
def test_each_refusal_checks_nobody_in_and_says_why(db, clock, reason):
    code = make_code(code="KIOSK1",
                     valid_from=clock.now() + timedelta(hours=2) if reason == "not_yet_valid" else None)
    if reason == "expired":
        clock.advance(days=1, seconds=1)
    if reason == "revoked":
        with write_session() as session:
            codes.revoke_code(session, code_id=code.id, actor=TEST_ACTOR)
    if reason == "exhausted":
        assert check_in(access_code="KIOSK1").admitted
    before_logs, before_uses = log_count(), reload_code(code.id).uses
    outcome = check_in(access_code="NOPE00" if reason == "not_found" else "KIOSK1", site="HQ")
    assert not outcome.admitted and outcome.reason == reason
    with pytest.raises(AccessDenied) as err:
        outcome.raise_if_denied()
    assert err.value.details == {"reason": reason}
    assert err.value.status == 403 and err.value.code == "access_denied"
    assert log_count() == before_logs
    assert reload_code(code.id).uses == before_uses
    assert denial_count() == 1
    denied = events("access.denied")
    assert len(denied) == 1
    assert denied[0].data["reason"] == reason
    assert denied[0].data["code_id"] == (None if reason == "not_found" else code.id)


def test_code_for_another_site_is_refused_as_not_found(db, clock):
    code = make_code(code="HQ2026", site="HQ")
    outcome = check_in(access_code="HQ2026", site="Lagos Warehouse")
    assert outcome.reason == "not_found"
    assert reload_code(code.id).uses == 0
    assert check_in(access_code="HQ2026", site="hq").admitted


def test_multi_use_code_admits_max_uses_then_refuses(db, clock):
    code = make_code(code="TEAM3", max_uses=3)
    results = [check_in(access_code="TEAM3", visitor_name=f"Worker {i}").reason for i in range(4)]
    assert results == ["ok", "ok", "ok", "exhausted"]
    assert reload_code(code.id).uses == 3
    assert log_count() == 3


def test_checkout_sets_duration_once(db, clock):
    log = walk_in(notes="badge 12")
    clock.advance(seconds=5400.4)
    out = check_out(log.id, actor=FRONT_DESK, notes="returned badge")
    assert out.status == "checked_out"
    assert out.check_out_at == clock.now() and out.duration_s == 5400
    assert out.notes == "badge 12\nreturned badge"
    assert out.checked_out_by_name == "Femi Desk"
    assert [e.type for e in events("access.")] == ["access.checked_in", "access.checked_out"]
    assert events("access.checked_out")[0].data["duration_s"] == 5400
    with pytest.raises(AlreadyCheckedOut) as err:
        check_out(log.id)
    assert err.value.status == 409 and "Femi Desk" in err.value.message
    with pytest.raises(NotFound):
        check_out("acl_doesnotexist0000")
    assert len(events("access.checked_out")) == 1


def test_overstay_after_code_expiry_or_twelve_hours(db, clock):
    make_code(code="SHORT1", valid_until=clock.now() + timedelta(hours=2))
    coded = check_in(access_code="SHORT1").log
    walker = walk_in("Walk In")
    clock.advance(hours=1)
    by_id = {v["log_id"]: v for v in current()}
    assert not by_id[coded.id]["overstay"] and by_id[coded.id]["on_site_s"] == 3600
    clock.advance(hours=1)
    by_id = {v["log_id"]: v for v in current()}
    assert by_id[coded.id]["overstay"] and not by_id[walker.id]["overstay"]
    clock.advance(hours=10)
    by_id = {v["log_id"]: v for v in current()}
    assert by_id[walker.id]["overstay"] and by_id[walker.id]["on_site_s"] == 12 * 3600


def test_current_visitors_are_the_ones_inside(db, clock):
    a = walk_in("Ada", site="HQ")
    clock.advance(60)
    b = walk_in("Bayo", site="Abuja Office")
    clock.advance(60)
    walk_in("Chi", site="HQ")
    check_out(a.id)
    assert [v["visitor_name"] for v in current()] == ["Chi", "Bayo"]
    assert [v["visitor_name"] for v in current("hq")] == ["Chi"]
    assert b.id in {v["log_id"] for v in current("Abuja Office")}


def test_log_filters(db, clock):
    first = walk_in("Ada Lovelace", site="HQ", host_name="Grace")
    clock.advance(hours=2)
    walk_in("Bayo Ojo", site="Abuja Office", visitor_phone="+2348090000001")
    clock.advance(hours=2)
    walk_in("Chi Eze", site="HQ", purpose="Audit 100%")
    check_out(first.id)
    start = clock.now() - timedelta(hours=4)
    assert logs() == ["Chi Eze", "Bayo Ojo", "Ada Lovelace"]
    assert logs(statuses=["checked_out"]) == ["Ada Lovelace"]
    assert logs(statuses=["checked_in"], site="HQ") == ["Chi Eze"]
    assert logs(q="grace") == ["Ada Lovelace"]
    assert logs(q="0900000") == ["Bayo Ojo"]
    assert logs(q="100%") == ["Chi Eze"]
    assert logs(q="_") == []
    assert logs(since=start + timedelta(hours=1)) == ["Chi Eze", "Bayo Ojo"]
    assert logs(until=start + timedelta(hours=2)) == ["Bayo Ojo", "Ada Lovelace"]
    with pytest.raises(ValidationFailed):
        logs(statuses=["inside"])
    with pytest.raises(ValidationFailed):
        logs(since=start, until=start - timedelta(seconds=1))


def test_known_sites_come_from_visits_and_live_codes(db, clock):
    from sety_dashboard.domain.access.service import known_sites

    walk_in("A", site="HQ")
    walk_in("B", site="HQ")
    walk_in("C", site="hq")
    walk_in("D", site=None)
    clock.advance(3600)
    walk_in("E", site="Abuja Office")
    make_code(site="Lagos Warehouse")
    make_code(site="Old Annex", valid_until="2026-11-30T16:00:00Z")
    clock.advance(3 * 3600)  # the Old Annex code has expired
    with read_session() as session:
        assert known_sites(session) == ["Abuja Office", "HQ", "Lagos Warehouse"]
        since = clock.now() - timedelta(hours=3, minutes=30)
        assert known_sites(session, since=since) == ["Abuja Office", "Lagos Warehouse"]


def test_a_check_out_can_be_undone_for_ten_seconds(db, clock):
    from sety_dashboard.domain.errors import InvalidTransition

    def undo(log_id: str):
        with write_session() as session:
            return service.undo_check_out(session, log_id=log_id, actor=TEST_ACTOR)

    visit = walk_in("Tunde Bello")
    with pytest.raises(InvalidTransition, match="still checked in"):
        undo(visit.id)
    check_out(visit.id)
    clock.advance(10)
    back = undo(visit.id)
    assert (back.status, back.check_out_at, back.duration_s, back.checked_out_by) == (
        "checked_in", None, None, None)
    assert events()[-1].type == "access.checkout_undone"
    check_out(visit.id)
    clock.advance(11)
    with pytest.raises(InvalidTransition, match="10 seconds"):
        undo(visit.id)
