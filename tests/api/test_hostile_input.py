"""Hostile input is a 4xx with the error body, never a 500 (API.md, "Security
rules"). One table, run on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tests.api.test_conventions import assert_error
from tests.factories import incident_body

RID = "x-request-id"

# (method, path, kwargs, status, code) — {inc} and {rsp} are filled per test.
CASES = [
    # NUL characters anywhere: query values and body strings (item 5)
    ("GET", "/v1/incidents?q=a%00b", {}, 422, "validation_error"),
    ("GET", "/v1/access-logs?site=H%00Q", {}, 422, "validation_error"),
    ("GET", "/v1/access-codes?q=%00", {}, 422, "validation_error"),
    ("POST", "/v1/incidents", {"json": incident_body(title="a\x00b")}, 422, "validation_error"),
    ("POST", "/v1/incidents", {"json": incident_body(subject={"name": "A\x00"})}, 422,
     "validation_error"),
    ("POST", "/v1/responders", {"json": {"name": "Unit\x00 7"}}, 422, "validation_error"),
    ("POST", "/v1/access-logs", {"json": {"visitor_name": "Bola", "notes": "\x00"}}, 422,
     "validation_error"),
    ("POST", "/v1/incidents", {"json": incident_body(
        subject={"name": "A", "metadata": {"k\x00": "v"}})}, 422, "validation_error"),
    # Dates outside 1970–2999 after the offset, and bare numbers (item 6)
    ("GET", "/v1/incidents?since=9999-12-31T23:59:59-14:00", {}, 422, "validation_error"),
    ("GET", "/v1/incidents?until=0001-01-01T00:00:00%2B14:00", {}, 422, "validation_error"),
    ("GET", "/v1/incidents?until=0.5", {}, 422, "validation_error"),
    ("GET", "/v1/incidents?since=1700000000", {}, 422, "validation_error"),
    ("GET", "/v1/incidents?since=1969-12-31T23:59:59Z", {}, 422, "validation_error"),
    ("GET", "/v1/incidents/analytics?until=3000-01-01T00:00:00Z", {}, 422, "validation_error"),
    ("GET", "/v1/access-logs/stats?since=9999-12-31T23:59:59-14:00", {}, 422, "validation_error"),
    ("GET", "/v1/threat-intel/heatmap?bbox=3,6,4,7&since=9999-12-31T23:59:59-14:00", {}, 422,
     "validation_error"),
    ("POST", "/v1/access-codes", {"json": {"visitor_name": "Bola",
                                           "valid_until": "9999-12-31T23:59:59-14:00"}}, 422,
     "validation_error"),
    ("POST", "/v1/api-keys", {"json": {"name": "k", "scopes": ["admin"], "expires_at": 4102444800}},
     422, "validation_error"),
    # Huge pages on every paginated list (item 7)
    ("GET", "/v1/incidents?page=99999999999999999999", {}, 422, "validation_error"),
    ("GET", "/v1/incidents?page=1000001", {}, 422, "validation_error"),
    ("GET", "/v1/responders?page=9223372036854775807", {}, 422, "validation_error"),
    ("GET", "/v1/api-keys?page=9223372036854775807", {}, 422, "validation_error"),
    ("GET", "/v1/access-codes?page=9223372036854775807", {}, 422, "validation_error"),
    ("GET", "/v1/access-logs?page=9223372036854775807", {}, 422, "validation_error"),
    ("GET", "/v1/webhooks?page=9223372036854775807", {}, 422, "validation_error"),
    # null for fields that cannot be null (item 8)
    ("PATCH", "/v1/responders/{rsp}", {"json": {"on_duty": None}}, 422, "validation_error"),
    ("PATCH", "/v1/responders/{rsp}", {"json": {"name": None}}, 422, "validation_error"),
    ("POST", "/v1/incidents", {"json": incident_body(is_drill=None)}, 422, "validation_error"),
    ("POST", "/v1/incidents", {"json": incident_body(category=None)}, 422, "validation_error"),
    # Strict booleans and enums (item 9)
    ("POST", "/v1/incidents", {"json": incident_body(is_drill="yes")}, 422, "validation_error"),
    ("POST", "/v1/incidents", {"json": incident_body(is_drill=1)}, 422, "validation_error"),
    ("POST", "/v1/responders", {"json": {"name": "Unit 7", "on_duty": 0}}, 422, "validation_error"),
    ("PATCH", "/v1/responders/{rsp}", {"json": {"on_duty": "false"}}, 422, "validation_error"),
    ("GET", "/v1/incidents?status=exploded", {}, 422, "validation_error"),
    ("GET", "/v1/incidents?status=created,exploded", {}, 422, "validation_error"),
    ("GET", "/v1/incidents?severity=extreme", {}, 422, "validation_error"),
    ("GET", "/v1/incidents?category=alien", {}, 422, "validation_error"),
    ("GET", "/v1/incidents?is_drill=yes", {}, 422, "validation_error"),
    ("GET", "/v1/responders?on_duty=0", {}, 422, "validation_error"),
    ("GET", "/v1/access-codes?status=exploded", {}, 422, "validation_error"),
    ("GET", "/v1/access-logs?status=exploded", {}, 422, "validation_error"),
    ("GET", "/v1/threat-intel/safe-zones?lat=6.5&lng=3.4&kind=castle", {}, 422, "validation_error"),
    ("GET", "/v1/threat-intel/heatmap?bbox=3,6,4,7&category=alien", {}, 422, "validation_error"),
    # Unknown methods and ids with control characters (item 10)
    ("TRACE", "/v1/health", {}, 405, "method_not_allowed"),
    ("QUERY", "/v1/incidents", {}, 405, "method_not_allowed"),
    ("TRACE", "/v1/nowhere", {}, 404, "not_found"),
    ("GET", "/v1/incidents/inc_%0Aabc", {}, 404, "not_found"),
    ("GET", "/v1/incidents/%0D%0A", {}, 404, "not_found"),
    ("DELETE", "/v1/api-keys/key_%00", {}, 404, "not_found"),
    # Overlong strings, deep nesting, wrong content types
    ("POST", "/v1/incidents", {"json": incident_body(title="t" * 201)}, 422, "validation_error"),
    ("POST", "/v1/responders", {"json": {"name": "n" * 10_000}}, 422, "validation_error"),
    ("GET", "/v1/incidents?q=" + "q" * 201, {}, 422, "validation_error"),
    ("POST", "/v1/incidents", {"content": "[" * 5000 + "]" * 5000,
                               "headers": {"content-type": "application/json"}}, 400,
     "invalid_json"),
    ("POST", "/v1/incidents", {"json": incident_body(subject={
        "name": "A", "metadata": {"k": {"a": {"b": {"c": [[[[1]]]]}}}}})}, 422, "validation_error"),
    ("POST", "/v1/incidents", {"content": b"category=sos",
                               "headers": {"content-type": "application/x-www-form-urlencoded"}},
     400, "invalid_json"),
    ("POST", "/v1/incidents", {"content": b"\xff\xfe\x00garbage",
                               "headers": {"content-type": "application/json"}}, 400,
     "invalid_json"),
    ("POST", "/v1/incidents", {"content": b"\"just a string\"",
                               "headers": {"content-type": "application/json"}}, 400,
     "invalid_json"),
    ("POST", "/v1/incidents", {"json": incident_body(location={"coordinates": [1e308, 1e308]})},
     422, "validation_error"),
    ("POST", "/v1/webhooks", {"json": {"url": "https://" + "a" * 300 + ".example.com/",
                                       "events": ["ping"]}}, 422, "validation_error"),
]


@pytest.fixture
def targets(admin) -> dict[str, str]:
    inc = admin.post("/v1/incidents", json=incident_body()).json()["incident_id"]
    rsp = admin.post("/v1/responders", json={"name": "Unit 7"}).json()["responder_id"]
    return {"inc": inc, "rsp": rsp}


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "code"), CASES,
                         ids=[f"{c[0]} {c[1][:60]}" for c in CASES])
def test_hostile_input_is_a_clear_4xx(admin, targets, method, path, kwargs, status, code):
    resp = admin.request(method, path.format(**targets), **kwargs)
    assert resp.headers["content-type"].startswith("application/json"), resp.text
    assert_error(resp, status, code)


def test_nothing_half_written_after_refusals(admin, targets):
    before = admin.get("/v1/incidents").json()["pagination"]["total"]
    admin.post("/v1/incidents", json=incident_body(title="a\x00b"))
    admin.post("/v1/incidents", json=incident_body(is_drill="yes"))
    assert admin.get("/v1/incidents").json()["pagination"]["total"] == before
    rsp = admin.get(f"/v1/responders/{targets['rsp']}").json()
    admin.patch(f"/v1/responders/{targets['rsp']}", json={"on_duty": None, "name": "Changed"})
    assert admin.get(f"/v1/responders/{targets['rsp']}").json() == rsp


def test_bodies_over_1_mib_are_refused_before_auth_and_parsing(api, admin):
    big = b'{"x": "' + b"a" * (1024 * 1024) + b'"}'
    for client_headers in ({}, dict(admin.headers)):
        resp = api.post("/v1/incidents", content=big,
                        headers={**client_headers, "content-type": "application/json",
                                 "authorization": client_headers.get("authorization", "")})
        assert_error(resp, 413, "payload_too_large")
    # Streamed without a Content-Length (chunked): counted as it arrives.
    def chunks():
        for _ in range(40):
            yield b"a" * 65536

    resp = api.post("/v1/incidents", content=chunks(), headers={"content-type": "application/json"})
    assert_error(resp, 413, "payload_too_large")
    # Exactly 1 MiB is read (and refused for what it says, not its size).
    edge = b'"' + b"a" * (1024 * 1024 - 2) + b'"'
    assert len(edge) == 1024 * 1024
    assert_error(admin.post("/v1/incidents", content=edge,
                            headers={"content-type": "application/json"}), 400, "invalid_json")


def test_head_works_wherever_get_does(api, admin):
    health = api.head("/v1/health")
    assert health.status_code == 200 and health.content == b"" and health.headers[RID]
    listing = admin.head("/v1/incidents")
    assert listing.status_code == 200 and listing.content == b""
    assert int(listing.headers["content-length"]) == len(admin.get("/v1/incidents").content)
    assert admin.head("/v1/incidents/inc_0000000000000000").status_code == 404
    assert api.head("/v1/incidents", headers={"Authorization": ""}).status_code == 401


def test_options_lists_the_real_methods(api):
    cases = {"/v1/incidents": "GET, HEAD, OPTIONS, POST",
             "/v1/access-codes/validate": "OPTIONS, POST",
             "/v1/access-codes/ac_0000000000000000": "DELETE, GET, HEAD, OPTIONS",
             "/v1/health": "GET, HEAD, OPTIONS"}
    for path, allow in cases.items():
        resp = api.options(path)
        assert resp.status_code == 204 and resp.headers["allow"] == allow, (path, resp.headers)
        assert resp.headers[RID]
    assert_error(api.options("/v1/nowhere"), 404, "not_found")
    wrong = api.put("/v1/access-codes/validate")
    assert_error(wrong, 405, "method_not_allowed")
    assert wrong.headers["allow"] == "OPTIONS, POST"


def test_responses_are_json_even_for_strange_requests(api):
    for method in ("TRACE", "QUERY", "PROPFIND"):
        resp = api.request(method, "/v1/incidents")
        assert resp.headers["content-type"] == "application/json"
        assert json.loads(resp.content)["error"]["request_id"] == resp.headers[RID]


def test_sqlite_file_and_sety_folder_are_private(tmp_path, monkeypatch):
    import stat

    from sety_dashboard.core.db import make_engine
    from sety_dashboard.devinfo import KEY_FILE

    path = tmp_path / "fresh.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # A file made before the rule is narrowed when the app opens it.
    old = tmp_path / "old.db"
    old.touch(mode=0o644)
    old.chmod(0o644)
    make_engine(f"sqlite:///{old}").dispose()
    assert stat.S_IMODE(old.stat().st_mode) == 0o600

    from sety_dashboard.core.files import private_dir, private_file

    monkeypatch.chdir(tmp_path)
    private_dir(KEY_FILE.parent)
    private_file(KEY_FILE)
    assert stat.S_IMODE((tmp_path / ".sety").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
