"""/v1/webhooks over real HTTP: CRUD, secret once, validation, SSRF refusal, log, retry."""

from __future__ import annotations

import pytest

from sety_dashboard.core.settings import reset_settings
from tests.factories import make_incident
from tests.webhooks.helpers import turn
from tests.webhooks.receiver import Receiver, Reply


@pytest.fixture
def private_ok(monkeypatch):
    monkeypatch.setenv("SETY_WEBHOOK_ALLOW_PRIVATE", "1")
    reset_settings()
    yield
    reset_settings()


def create(admin, url="http://127.0.0.1:9/hook", **body):
    return admin.post("/v1/webhooks", json={"url": url, "events": ["*"], **body})


def test_create_shows_the_secret_once(admin, private_ok):
    resp = create(admin, description="Ops receiver", events=["incident.*", "access.denied"])
    assert resp.status_code == 201
    ep = resp.json()
    assert ep["endpoint_id"].startswith("whk_") and len(ep["endpoint_id"]) == 20
    assert ep["secret"].startswith("whsec_") and len(ep["secret"]) > 30
    assert ep["events"] == ["incident.*", "access.denied"]
    assert (ep["status"], ep["failure_count"], ep["description"]) == ("active", 0, "Ops receiver")
    got = admin.get(f"/v1/webhooks/{ep['endpoint_id']}")
    listed = admin.get("/v1/webhooks")
    assert got.status_code == 200 and "secret" not in got.json()
    assert listed.json()["pagination"]["total"] == 1
    assert ep["secret"] not in got.text and ep["secret"] not in listed.text
    assert {k: v for k, v in ep.items() if k != "secret"} == got.json()


@pytest.mark.parametrize("body,field,issue", [
    ({"url": "ftp://example.com/x", "events": ["*"]}, "url", "invalid"),
    ({"url": "https://user:pw@example.com/x", "events": ["*"]}, "url", "invalid"),
    ({"url": "https://example.com/x", "events": []}, "events", "too_short"),
    ({"url": "https://example.com/x", "events": ["incident.exploded"]}, "events", "invalid"),
    ({"url": "https://example.com/x", "events": ["*"], "colour": "red"}, "colour", "unknown_field"),
    ({"events": ["*"]}, "url", "required"),
])
def test_validation_errors(admin, body, field, issue):
    resp = admin.post("/v1/webhooks", json=body)
    assert resp.status_code == 422
    err = resp.json()["error"]
    assert err["code"] == "validation_error"
    assert {"field": field, "issue": issue} in err["details"]


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://192.168.1.20/hook",
    "http://172.16.0.9/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook",
    "http://[fe80::1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://localhost:3000/hook",
    "http://0.0.0.0/hook", "http://100.64.0.1/hook",
])
def test_private_addresses_are_refused(admin, url):
    resp = create(admin, url=url)
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"]["details"] == [{"field": "url", "issue": "private_address"}]


def test_public_and_not_yet_resolvable_hosts_are_accepted(admin):
    assert create(admin, url="https://93.184.216.34/hook").status_code == 201
    # Not resolvable here: accepted, and checked again before every attempt.
    assert create(admin, url="https://hooks.partner.invalid/sety").status_code == 201


def test_scope_and_not_found(api, make_key, private_ok):
    api.headers["Authorization"] = f"Bearer {make_key('incidents:read')}"
    assert api.get("/v1/webhooks").status_code == 403
    api.headers["Authorization"] = f"Bearer {make_key('webhooks:manage')}"
    assert api.get("/v1/webhooks").status_code == 200
    missing = "whk_0000000000000000"
    for method, path in [("GET", f"/v1/webhooks/{missing}"), ("DELETE", f"/v1/webhooks/{missing}"),
                         ("POST", f"/v1/webhooks/{missing}/test"),
                         ("GET", f"/v1/webhooks/{missing}/deliveries"),
                         ("POST", f"/v1/webhooks/{missing}/deliveries/dlv_0000000000000000/retry")]:
        resp = api.request(method, path)
        assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found", path


def test_patch_delete_and_disable(admin, private_ok):
    ep = create(admin).json()
    path = f"/v1/webhooks/{ep['endpoint_id']}"
    resp = admin.patch(path, json={"status": "disabled", "events": ["incident.created"]})
    assert resp.status_code == 200
    assert (resp.json()["status"], resp.json()["events"]) == ("disabled", ["incident.created"])
    assert resp.json()["disabled_reason"] == "disabled by request"
    assert admin.patch(path, json={"status": "paused"}).status_code == 422
    resp = admin.patch(path, json={"status": "active"})
    assert (resp.json()["status"], resp.json()["disabled_reason"]) == ("active", None)
    gone = admin.delete(path)
    assert gone.status_code == 200 and gone.json()["deleted"] is True
    assert admin.get(path).status_code == 404


def test_ping_delivery_log_and_manual_retry(admin, private_ok, clock):
    state = {"up": False}
    with Receiver(lambda r: Reply(200, b"thanks") if state["up"] else Reply(500, b"oops")) as rcv:
        ep = create(admin, url=rcv.url).json()
        base = f"/v1/webhooks/{ep['endpoint_id']}"
        ping = admin.post(f"{base}/test")
        assert ping.status_code == 202
        assert ping.json()["event_type"] == "ping" and ping.json()["status"] == "pending"
        make_incident()
        turn()
        log = admin.get(f"{base}/deliveries").json()
        assert log["pagination"]["total"] == 2
        newest = log["data"][0]
        assert newest["event_type"] == "incident.created"  # newest first
        for d in log["data"]:
            assert (d["status"], d["attempts"], d["response_status"]) == ("retrying", 1, 500)
            assert (d["last_error"], d["response_body"]) == ("HTTP 500", "oops")
            assert d["next_attempt_at"] == "2026-11-30T14:00:10.000Z"
        only_retrying = admin.get(f"{base}/deliveries", params={"status": "retrying", "limit": 1})
        assert only_retrying.json()["pagination"] == {"page": 1, "limit": 1, "total": 2,
                                                      "total_pages": 2, "has_more": True}
        assert admin.get(f"{base}/deliveries", params={"status": "lost"}).status_code == 422
        state["up"] = True
        retry = admin.post(f"{base}/deliveries/{newest['delivery_id']}/retry")
        assert retry.status_code == 202 and retry.json()["status"] == "pending"
        assert turn() == 1  # only the retried one is due now
        d = admin.get(f"{base}/deliveries").json()["data"][0]
        assert (d["status"], d["attempts"], d["response_status"], d["last_error"]) == (
            "succeeded", 2, 200, None)
        assert d["delivered_at"] == "2026-11-30T14:00:00.000Z"
        assert admin.get(base).json()["failure_count"] == 0
