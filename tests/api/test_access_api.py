"""The Access section of the API over real HTTP: shapes, status codes, errors."""

from __future__ import annotations

import csv
import io

import pytest

from tests.access_factories import events

CODE_FIELDS = {"code_id", "code", "visitor_name", "visitor_phone", "visitor_email", "host_name",
               "purpose", "site", "valid_from", "valid_until", "max_uses", "uses", "status",
               "created_at"}
LOG_FIELDS = {"log_id", "visitor_name", "visitor_phone", "host_name", "purpose", "site", "method",
              "code_id", "status", "check_in_at", "check_out_at", "duration_s", "notes"}


def new_code(admin, **body):
    payload = {"visitor_name": "Chidi Okeke", "visitor_phone": "+2348031234567",
               "host_name": "Ngozi (Finance)", "purpose": "Interview", "site": "HQ", **body}
    r = admin.post("/v1/access-codes", json=payload)
    assert r.status_code == 201, r.text
    return r.json()


def error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["code"] == code
    assert body["request_id"].startswith("req_")
    return body


def test_create_code_answers_the_contract(admin, clock):
    body = new_code(admin, visitor_email="chidi@example.com")
    assert CODE_FIELDS <= set(body)
    assert body["code_id"].startswith("acc_") and len(body["code_id"]) == 20
    assert len(body["code"]) == 6 and body["code"].isdigit()
    assert body["valid_from"] == "2026-11-30T14:00:00.000Z"
    assert body["valid_until"] == "2026-12-01T14:00:00.000Z"
    assert (body["max_uses"], body["uses"], body["status"]) == (1, 0, "active")
    assert body["visitor_email"] == "chidi@example.com"
    assert admin.get(f"/v1/access-codes/{body['code_id']}").json() == body


@pytest.mark.parametrize("body,field,issue", [
    ({}, "visitor_name", "required"),
    ({"visitor_name": "   "}, "visitor_name", "invalid"),
    ({"visitor_name": "A", "code": "ab!"}, "code", "invalid"),
    ({"visitor_name": "A", "code": "abc"}, "code", "invalid"),
    ({"visitor_name": "A", "code": "ABCDEFGHIJKLM"}, "code", "invalid"),
    ({"visitor_name": "A", "max_uses": 0}, "max_uses", "out_of_range"),
    ({"visitor_name": "A", "max_uses": 1001}, "max_uses", "out_of_range"),
    ({"visitor_name": "A", "visitor_phone": "0803"}, "visitor_phone", "invalid"),
    ({"visitor_name": "A", "visitor_email": "nope"}, "visitor_email", "invalid"),
    ({"visitor_name": "A", "colour": "red"}, "colour", "unknown_field"),
    ({"visitor_name": "A", "valid_from": "2026-12-02T00:00:00Z",
      "valid_until": "2026-12-01T00:00:00Z"}, "valid_until", "before_valid_from"),
    ({"visitor_name": "A", "valid_until": "2026-11-29T00:00:00Z"}, "valid_until", "before_valid_from"),
    ({"visitor_name": "A", "valid_from": "2026-11-28T00:00:00Z",
      "valid_until": "2026-11-29T00:00:00Z"}, "valid_until", "in_past"),
    ({"visitor_name": "A", "valid_until": "tomorrow"}, "valid_until", "datetime_from_date_parsing"),
    ({"visitor_name": "A", "valid_from": "2026-12-01T00:00:00Z",
      "valid_until": "2027-12-02T00:00:01Z"}, "valid_until", "too_long"),
])
def test_create_code_validation_errors(admin, clock, body, field, issue):
    err = error(admin.post("/v1/access-codes", json=body), 422, "validation_error")
    assert {"field": field, "issue": issue} in err["details"]


def test_not_json_is_invalid_json(admin):
    r = admin.post("/v1/access-codes", content=b"[1, 2]",
                   headers={"Content-Type": "application/json"})
    error(r, 400, "invalid_json")


def test_custom_code_collision_is_422(admin, clock):
    new_code(admin, code="Visit01")
    err = error(admin.post("/v1/access-codes", json={"visitor_name": "B", "code": "visit01"}),
                422, "validation_error")
    assert err["details"] == [{"field": "code", "issue": "already_in_use"}]


def test_list_codes_paginates_and_filters(admin, clock):
    ids = []
    for i in range(3):
        ids.append(new_code(admin, visitor_name=f"Guest {i}", site="HQ" if i else "Abuja")["code_id"])
        clock.advance(1)
    admin.delete(f"/v1/access-codes/{ids[1]}")
    page = admin.get("/v1/access-codes", params={"limit": 2}).json()
    assert [c["code_id"] for c in page["data"]] == [ids[2], ids[1]]
    assert page["pagination"] == {"page": 1, "limit": 2, "total": 3, "total_pages": 2,
                                  "has_more": True}
    assert [c["code_id"] for c in admin.get(
        "/v1/access-codes", params={"page": 2, "limit": 2}).json()["data"]] == [ids[0]]
    active = admin.get("/v1/access-codes", params={"status": "active", "site": "HQ"}).json()
    assert [c["code_id"] for c in active["data"]] == [ids[2]]
    revoked = admin.get("/v1/access-codes", params={"status": "revoked"}).json()
    assert [c["status"] for c in revoked["data"]] == ["revoked"]
    err = error(admin.get("/v1/access-codes", params={"status": "gone"}), 422, "validation_error")
    assert err["details"] == [{"field": "status", "issue": "invalid_choice"}]
    error(admin.get("/v1/access-codes", params={"limit": 101}), 422, "validation_error")


def test_validate_uses_nothing_and_names_the_reason(admin, clock):
    code = new_code(admin, code="GATE42")
    r = admin.post("/v1/access-codes/validate", json={"code": "gate42", "site": "HQ"})
    assert r.status_code == 200
    body = r.json()
    assert (body["valid"], body["reason"]) == (True, "ok")
    assert body["access_code"]["code_id"] == code["code_id"]
    assert body["access_code"]["uses"] == 0
    missing = admin.post("/v1/access-codes/validate", json={"code": "NOPE99"}).json()
    assert missing == {"valid": False, "reason": "not_found", "access_code": None,
                       "message": missing["message"]}
    other_site = admin.post("/v1/access-codes/validate", json={"code": "GATE42", "site": "Abuja"})
    assert other_site.json()["reason"] == "not_found"
    clock.advance(days=2)
    expired = admin.post("/v1/access-codes/validate", json={"code": "GATE42"}).json()
    assert (expired["valid"], expired["reason"]) == (False, "expired")
    assert expired["access_code"]["status"] == "expired"
    error(admin.post("/v1/access-codes/validate", json={}), 422, "validation_error")


def test_revoke_code(admin, clock):
    code = new_code(admin)
    r = admin.delete(f"/v1/access-codes/{code['code_id']}")
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    assert r.json()["revoked_at"] == "2026-11-30T14:00:00.000Z"
    assert admin.delete(f"/v1/access-codes/{code['code_id']}").status_code == 200
    error(admin.delete("/v1/access-codes/acc_0000000000000000"), 404, "not_found")
    denied = admin.post("/v1/access-logs", json={"access_code": code["code"]})
    assert error(denied, 403, "access_denied")["details"] == {"reason": "revoked"}


def test_check_in_with_code_and_out(admin, clock):
    code = new_code(admin, code="483920")
    r = admin.post("/v1/access-logs", json={"access_code": "483920", "notes": "badge 7"})
    assert r.status_code == 201, r.text
    log = r.json()
    assert LOG_FIELDS <= set(log)
    assert log["log_id"].startswith("acl_")
    assert (log["visitor_name"], log["site"], log["method"], log["code_id"], log["status"]) == (
        "Chidi Okeke", "HQ", "access_code", code["code_id"], "checked_in")
    assert (log["check_in_at"], log["check_out_at"], log["duration_s"]) == (
        "2026-11-30T14:00:00.000Z", None, None)
    again = admin.post("/v1/access-logs", json={"access_code": "483920"})
    err = error(again, 403, "access_denied")
    assert err["details"] == {"reason": "exhausted"}
    assert "already been used" in err["message"]
    clock.advance(seconds=2700)
    out = admin.post(f"/v1/access-logs/{log['log_id']}/checkout", json={"notes": "left early"})
    assert out.status_code == 200
    assert (out.json()["status"], out.json()["duration_s"]) == ("checked_out", 2700)
    assert out.json()["check_out_at"] == "2026-11-30T14:45:00.000Z"
    assert out.json()["notes"] == "badge 7\nleft early"
    error(admin.post(f"/v1/access-logs/{log['log_id']}/checkout"), 409, "already_checked_out")
    error(admin.post("/v1/access-logs/acl_0000000000000000/checkout"), 404, "not_found")
    assert admin.get(f"/v1/access-logs/{log['log_id']}").json()["status"] == "checked_out"
    types = [e.type for e in events("access")]
    assert types == ["access_code.created", "access.checked_in", "access.denied",
                     "access.checked_out"]


@pytest.mark.parametrize("body,field", [
    ({}, "visitor_name"),
    ({"visitor_name": "A", "access_code": ""}, "access_code"),
    ({"visitor_name": "A", "visitor_phone": "12"}, "visitor_phone"),
    ({"visitor_name": "A", "badge": 3}, "badge"),
    ({"visitor_name": "x" * 201}, "visitor_name"),
])
def test_check_in_validation(admin, clock, body, field):
    err = error(admin.post("/v1/access-logs", json=body), 422, "validation_error")
    assert field in [d["field"] for d in err["details"]]
    assert events("access.") == []


def test_unknown_code_is_denied_with_event(admin, clock):
    r = admin.post("/v1/access-logs", json={"access_code": "ZZZZ99", "visitor_name": "Eve",
                                            "site": "HQ"})
    assert error(r, 403, "access_denied")["details"] == {"reason": "not_found"}
    [evt] = events("access.")
    assert evt.type == "access.denied"
    assert evt.data["reason"] == "not_found" and evt.data["visitor_name"] == "Eve"
    assert admin.get("/v1/access-logs").json()["pagination"]["total"] == 0
    assert admin.get("/v1/access-logs/stats").json()["denied_attempts"] == 1


def test_current_list_and_stats(admin, clock):
    new_code(admin, code="SHORT1", valid_until="2026-11-30T15:00:00Z")
    coded = admin.post("/v1/access-logs", json={"access_code": "SHORT1"}).json()
    walk = admin.post("/v1/access-logs", json={"visitor_name": "Bola Ade", "site": "Lagos Warehouse"})
    assert walk.status_code == 201 and walk.json()["method"] == "walk_in"
    clock.advance(hours=1, seconds=1)
    cur = admin.get("/v1/access-logs/current").json()
    assert cur["count"] == 2
    by_name = {v["visitor_name"]: v for v in cur["data"]}
    assert by_name["Chidi Okeke"]["overstay"] is True
    assert by_name["Chidi Okeke"]["on_site_s"] == 3601
    assert by_name["Bola Ade"]["overstay"] is False
    assert admin.get("/v1/access-logs/current", params={"site": "HQ"}).json()["count"] == 1
    admin.post(f"/v1/access-logs/{coded['log_id']}/checkout")
    stats = admin.get("/v1/access-logs/stats").json()
    assert set(stats) >= {"total_visits", "currently_inside", "unique_visitors",
                          "average_duration_s", "median_duration_s", "peak_occupancy", "peak_at",
                          "denied_attempts", "by_hour", "by_day"}
    assert (stats["total_visits"], stats["currently_inside"], stats["unique_visitors"]) == (2, 1, 2)
    assert stats["median_duration_s"] == 3601.0 and stats["average_duration_s"] == 3601.0
    assert (stats["peak_occupancy"], stats["peak_at"]) == (2, "2026-11-30T14:00:00.000Z")
    assert len(stats["by_hour"]) == 24 and stats["by_hour"][14] == 2
    assert stats["by_day"] == [{"date": "2026-11-30", "visits": 2}]
    hq = admin.get("/v1/access-logs/stats", params={"site": "HQ",
                                                     "since": "2026-11-30T00:00:00Z"}).json()
    assert (hq["total_visits"], hq["currently_inside"]) == (1, 0)
    error(admin.get("/v1/access-logs/stats", params={"since": "2026-12-01T00:00:00Z",
                                                     "until": "2026-11-01T00:00:00Z"}),
          422, "validation_error")


def test_list_logs_filters_and_export(admin, clock):
    for name, site in (("Ada Obi", "HQ"), ("=HYPERLINK(1)", "HQ"), ("Bayo Ojo", "Abuja Office")):
        assert admin.post("/v1/access-logs", json={"visitor_name": name, "site": site,
                                                   "visitor_phone": "+2348000000009"}).status_code == 201
        clock.advance(60)
    listed = admin.get("/v1/access-logs", params={"site": "HQ"}).json()
    assert [r["visitor_name"] for r in listed["data"]] == ["=HYPERLINK(1)", "Ada Obi"]
    assert admin.get("/v1/access-logs", params={"q": "bayo"}).json()["pagination"]["total"] == 1
    assert admin.get("/v1/access-logs", params={"since": "2026-11-30T14:01:00Z",
                                                "until": "2026-11-30T14:01:30Z"}
                     ).json()["pagination"]["total"] == 1
    error(admin.get("/v1/access-logs", params={"status": "inside"}), 422, "validation_error")
    error(admin.get("/v1/access-logs", params={"since": "yesterday"}), 422, "validation_error")
    r = admin.get("/v1/access-logs/export", params={"site": "HQ"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["visitor_name"] for row in rows] == ["'=HYPERLINK(1)", "Ada Obi"]
    assert rows[1]["visitor_phone"] == "+2348000000009"
    assert rows[1]["check_in_at"] == "2026-11-30T14:00:00.000Z"


def test_scopes_and_auth(api, make_key, clock):
    reader = {"Authorization": f"Bearer {make_key('access:read')}"}
    writer = {"Authorization": f"Bearer {make_key('access:write')}"}
    other = {"Authorization": f"Bearer {make_key('incidents:read')}"}
    error(api.get("/v1/access-logs"), 401, "unauthorized")
    error(api.post("/v1/access-codes", json={"visitor_name": "A"}, headers=reader), 403, "forbidden")
    error(api.get("/v1/access-logs/current", headers=other), 403, "forbidden")
    assert api.post("/v1/access-codes", json={"visitor_name": "A"}, headers=writer).status_code == 201
    assert api.get("/v1/access-codes", headers=reader).status_code == 200
    assert api.post("/v1/access-codes/validate", json={"code": "1234"},
                    headers=reader).status_code == 200
    error(api.post("/v1/access-logs", json={"visitor_name": "A"}, headers=reader), 403, "forbidden")


def test_openapi_documents_the_access_endpoints(api):
    paths = api.get("/openapi.json").json()["paths"]
    for path in ("/v1/access-codes", "/v1/access-codes/validate", "/v1/access-codes/{code_id}",
                 "/v1/access-logs", "/v1/access-logs/stats", "/v1/access-logs/current",
                 "/v1/access-logs/{log_id}/checkout", "/v1/incidents/{incident_id}/muster",
                 "/v1/incidents/{incident_id}/muster/{log_id}/accounted"):
        assert path in paths, path
    created = paths["/v1/access-codes"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"]["$ref"].endswith("AccessCodeView")
