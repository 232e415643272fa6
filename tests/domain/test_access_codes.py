"""Access codes: issue, uniqueness, derived statuses, validation, revoke."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.access import codes
from sety_dashboard.domain.errors import NotFound, ValidationFailed
from tests.access_factories import check_in, events, make_code, reload_code
from tests.factories import TEST_ACTOR


def status(code_id: str) -> str:
    from sety_dashboard.core import clock

    return codes.code_status(reload_code(code_id), clock.now())


def validate(presented: str, site: str | None = None) -> codes.Verdict:
    with read_session() as session:
        return codes.validate_code(session, presented, site)


def listed(**kw) -> list[str]:
    kw.setdefault("statuses", None)
    kw.setdefault("site", None)
    kw.setdefault("q", None)
    with read_session() as session:
        rows, total = codes.list_codes(session, page=1, limit=100, **kw)
    assert total == len(rows)
    return [r.id for r in rows]


def test_generated_code_has_defaults_and_event(db, clock):
    code = make_code()
    assert code.code.isdigit() and len(code.code) == 6 and code.code[0] != "0"
    assert code.valid_from == clock.now()
    assert code.valid_until == clock.now() + timedelta(hours=24)
    assert (code.max_uses, code.uses) == (1, 0)
    assert status(code.id) == "active"
    [evt] = events("access_code.")
    assert evt.type == "access_code.created"
    assert evt.data["code_id"] == code.id and evt.data["status"] == "active"
    assert evt.data["code"] == code.code


def test_valid_until_defaults_to_a_day_after_valid_from(db, clock):
    start = clock.now() + timedelta(hours=3)
    code = make_code(valid_from=start)
    assert code.valid_until == start + timedelta(hours=24)


def test_naive_datetimes_are_taken_as_utc(db, clock):
    code = make_code(valid_from="2026-12-01T09:00:00", valid_until="2026-12-01T17:00:00")
    assert code.valid_from.isoformat() == "2026-12-01T09:00:00+00:00"
    assert code.valid_until.isoformat() == "2026-12-01T17:00:00+00:00"


@pytest.mark.parametrize("fields,issue", [
    ({"valid_from": "2026-12-01T10:00:00Z", "valid_until": "2026-12-01T10:00:00Z"}, "before_valid_from"),
    ({"valid_from": "2026-12-01T10:00:00Z", "valid_until": "2026-12-01T09:00:00Z"}, "before_valid_from"),
    ({"valid_from": "2026-11-29T10:00:00Z", "valid_until": "2026-11-30T13:00:00Z"}, "in_past"),
    ({"valid_from": "2026-12-01T10:00:00Z", "valid_until": "2027-12-02T10:00:01Z"}, "too_long"),
])
def test_bad_validity_window_is_refused(db, clock, fields, issue):
    with pytest.raises(ValidationFailed) as err:
        make_code(**fields)
    assert err.value.details == [{"field": "valid_until", "issue": issue}]
    assert events() == []


def test_a_code_may_be_valid_for_366_days_and_no_longer(db, clock):
    code = make_code(valid_from="2026-12-01T10:00:00Z", valid_until="2027-12-02T10:00:00Z")
    assert (code.valid_until - code.valid_from).days == 366


def test_custom_code_unique_among_active_codes_case_insensitive(db, clock):
    first = make_code(code="Visit01")
    assert first.code == "Visit01"
    with pytest.raises(ValidationFailed) as err:
        make_code(code="VISIT01")
    assert err.value.details == [{"field": "code", "issue": "already_in_use"}]
    # A code that is no longer live frees its string.
    with write_session() as session:
        codes.revoke_code(session, code_id=first.id, actor=TEST_ACTOR)
    second = make_code(code="visit01")
    assert second.code == "visit01"


def test_expired_and_exhausted_codes_free_their_string(db, clock):
    make_code(code="ABCD", valid_until=clock.now() + timedelta(hours=1))
    clock.advance(3600)
    make_code(code="ABCD")  # the first has expired
    used = make_code(code="WXYZ")
    assert check_in(access_code="WXYZ").admitted
    assert status(used.id) == "exhausted"
    make_code(code="WXYZ")


def test_a_future_code_still_holds_its_string(db, clock):
    make_code(code="LATER1", valid_from=clock.now() + timedelta(days=2))
    with pytest.raises(ValidationFailed):
        make_code(code="LATER1")


def test_generator_retries_on_collision(db, clock, monkeypatch):
    taken = make_code(code="555555")
    picks = iter([455555, 455555, 123456])  # 100000 + pick; first two collide
    monkeypatch.setattr(codes.secrets, "randbelow", lambda n: next(picks))
    code = make_code()
    assert taken.code == "555555" and code.code == "223456"


def test_statuses_move_by_themselves(db, clock):
    short = make_code(valid_until=clock.now() + timedelta(minutes=30))
    used = make_code()
    revoked = make_code()
    future = make_code(valid_from=clock.now() + timedelta(hours=1))
    assert check_in(access_code=used.code).admitted
    with write_session() as session:
        codes.revoke_code(session, code_id=revoked.id, actor=TEST_ACTOR)
    assert [status(c.id) for c in (short, used, revoked, future)] == [
        "active", "exhausted", "revoked", "active"]
    clock.advance(minutes=31)
    assert status(short.id) == "expired"
    # The list filters agree with the derived status, in SQL.
    assert set(listed(statuses=["active"])) == {future.id}
    assert set(listed(statuses=["expired"])) == {short.id}
    assert set(listed(statuses=["exhausted"])) == {used.id}
    assert set(listed(statuses=["revoked"])) == {revoked.id}
    assert set(listed(statuses=["expired", "revoked"])) == {short.id, revoked.id}
    # Revoked wins over exhausted/expired; exhausted wins over expired.
    clock.advance(days=3)
    assert [status(c.id) for c in (short, used, revoked, future)] == [
        "expired", "exhausted", "revoked", "expired"]


def test_unknown_status_filter_is_a_validation_error(db, clock):
    with pytest.raises(ValidationFailed) as err:
        listed(statuses=["bogus"])
    assert err.value.details == [{"field": "status", "issue": "invalid_choice"}]


def test_list_is_newest_first_and_filters_site_and_q(db, clock):
    a = make_code(site="HQ", visitor_name="Amaka Obi")
    clock.advance(1)
    b = make_code(site="Abuja Office", visitor_name="Tunde Bello")
    clock.advance(1)
    c = make_code(site="hq", visitor_name="Zainab Musa", code="ZED123")
    assert listed() == [c.id, b.id, a.id]
    assert listed(site="HQ") == [c.id, a.id]
    assert listed(q="tunde") == [b.id]
    assert listed(q="zed1") == [c.id]
    assert listed(q="%") == []


def test_a_sites_desk_lists_codes_for_any_site_too(db, clock):
    hq = make_code(site="HQ")
    clock.advance(1)
    anywhere = make_code(site=None)
    clock.advance(1)
    make_code(site="Abuja Office")
    with read_session() as session:
        rows, total = codes.list_codes(session, statuses=["active"], site="hq", q=None, page=1,
                                       limit=10, include_siteless=True)
    assert [r.id for r in rows] == [anywhere.id, hq.id] and total == 2


@pytest.mark.parametrize("setup,reason", [
    ("missing", "not_found"), ("future", "not_yet_valid"), ("expired", "expired"),
    ("revoked", "revoked"), ("exhausted", "exhausted"), ("fine", "ok"),
])
def test_validate_names_each_reason_and_uses_nothing(db, clock, setup, reason):
    code = make_code(code="GATE42", max_uses=2,
                     valid_from=clock.now() + timedelta(hours=1) if setup == "future" else None)
    if setup == "missing":
        presented = "NOPE99"
    else:
        presented = "gate42"
    if setup == "expired":
        clock.advance(days=2)
    if setup == "revoked":
        with write_session() as session:
            codes.revoke_code(session, code_id=code.id, actor=TEST_ACTOR)
    if setup == "exhausted":
        assert check_in(access_code="GATE42").admitted
        assert check_in(access_code="GATE42").admitted
    uses = reload_code(code.id).uses
    verdict = validate(presented)
    assert verdict.reason == reason
    assert verdict.valid is (reason == "ok")
    assert (verdict.code is None) is (reason == "not_found")
    assert reload_code(code.id).uses == uses


def test_a_code_for_one_site_is_not_found_at_another(db, clock):
    make_code(code="HQONLY", site="HQ")
    make_code(code="ANYWHERE", site=None)
    assert validate("HQONLY", "Abuja Office").reason == "not_found"
    assert validate("HQONLY", "hq").reason == "ok"
    assert validate("HQONLY").reason == "ok"
    assert validate("ANYWHERE", "Abuja Office").reason == "ok"


def test_revoke_is_idempotent_with_one_event(db, clock):
    code = make_code()
    for _ in range(2):
        with write_session() as session:
            revoked = codes.revoke_code(session, code_id=code.id, actor=TEST_ACTOR)
    assert revoked.revoked_at == clock.now()
    assert [e.type for e in events("access_code.")] == ["access_code.created", "access_code.revoked"]
    assert events("access_code.revoked")[0].data["status"] == "revoked"
    with pytest.raises(NotFound), write_session() as session:
        codes.revoke_code(session, code_id="acc_doesnotexist0000", actor=TEST_ACTOR)
