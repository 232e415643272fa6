"""/v1/sla-policies: read and replace a severity's deadlines; new incidents only."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.api.test_conventions import assert_error
from tests.factories import incident_body


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_list_shows_the_defaults_in_severity_order(admin):
    resp = admin.get("/v1/sla-policies")
    assert resp.status_code == 200
    data = resp.json()["data"]
    assert [p["severity"] for p in data] == ["critical", "high", "medium", "low"]
    assert data[0] | {"updated_at": None} == {"severity": "critical", "acknowledge_s": 15,
                                             "dispatch_s": 60, "resolve_s": 3600,
                                             "updated_at": None}


def test_change_applies_to_new_incidents_only(admin, clock):
    before = admin.post("/v1/incidents", json=incident_body(severity="high")).json()
    resp = admin.put("/v1/sla-policies/high",
                     json={"acknowledge_s": 30, "dispatch_s": 120, "resolve_s": 7200})
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"severity": "high", "acknowledge_s": 30, "dispatch_s": 120,
                           "resolve_s": 7200, "updated_at": "2026-11-30T14:00:00.000Z"}
    listed = {p["severity"]: p for p in admin.get("/v1/sla-policies").json()["data"]}
    assert listed["high"]["acknowledge_s"] == 30
    after = admin.post("/v1/incidents", json=incident_body(severity="high")).json()
    created = _at(after["created_at"])
    assert _at(after["sla"]["acknowledge_due_at"]) - created == timedelta(seconds=30)
    assert _at(after["sla"]["resolve_due_at"]) - created == timedelta(seconds=7200)
    # The older incident keeps the deadlines it was created with.
    old = admin.get(f"/v1/incidents/{before['incident_id']}").json()
    assert old["sla"]["acknowledge_due_at"] == before["sla"]["acknowledge_due_at"]
    assert _at(old["sla"]["acknowledge_due_at"]) - _at(old["created_at"]) == timedelta(seconds=60)


def test_validation_and_unknown_severity(admin):
    put = admin.put
    err = assert_error(put("/v1/sla-policies/low", json={"acknowledge_s": 600, "dispatch_s": 60,
                                                         "resolve_s": 7200}),
                       422, "validation_error")
    assert "in order" in err["message"]
    assert_error(put("/v1/sla-policies/low", json={"acknowledge_s": 0, "dispatch_s": 60,
                                                  "resolve_s": 7200}), 422, "validation_error")
    assert_error(put("/v1/sla-policies/low", json={"acknowledge_s": 60, "dispatch_s": 60,
                                                  "resolve_s": 10**9}), 422, "validation_error")
    assert_error(put("/v1/sla-policies/low", json={"acknowledge_s": 60, "dispatch_s": 60}),
                 422, "validation_error")
    assert_error(put("/v1/sla-policies/low", json={"acknowledge_s": 60, "dispatch_s": 60,
                                                  "resolve_s": 600, "extra": 1}),
                 422, "validation_error")
    assert_error(put("/v1/sla-policies/urgent", json={"acknowledge_s": 60, "dispatch_s": 60,
                                                     "resolve_s": 600}), 404, "not_found")


def test_needs_the_admin_scope(api, make_key):
    reader = {"Authorization": f"Bearer {make_key('incidents:read', 'incidents:write')}"}
    assert_error(api.get("/v1/sla-policies", headers=reader), 403, "forbidden")
    assert_error(api.put("/v1/sla-policies/low", headers=reader,
                         json={"acknowledge_s": 60, "dispatch_s": 60, "resolve_s": 600}),
                 403, "forbidden")
    assert_error(api.get("/v1/sla-policies"), 401, "unauthorized")
