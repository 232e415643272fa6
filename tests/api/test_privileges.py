"""Least privilege (API.md, "Security rules"): no key grants, revokes or
subscribes to more than it may read; muster lists need the access scopes;
unknown keys are rate limited per client address."""

from __future__ import annotations

from tests.api.test_conventions import assert_error
from tests.factories import incident_body


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_keys_manage_key_cannot_mint_more_than_it_holds(api, make_key):
    manager = _auth(make_key("keys:manage"))
    for scopes in (["admin"], ["incidents:read"], ["keys:manage", "webhooks:manage"]):
        err = assert_error(api.post("/v1/api-keys", headers=manager,
                                    json={"name": "escalate", "scopes": scopes}), 403, "forbidden")
        assert "does not hold" in err["message"]
    ok = api.post("/v1/api-keys", headers=manager, json={"name": "peer", "scopes": ["keys:manage"]})
    assert ok.status_code == 201 and ok.json()["scopes"] == ["keys:manage"]
    # A key holding several scopes may grant any of them; admin grants anything.
    both = _auth(make_key("keys:manage", "incidents:read"))
    assert api.post("/v1/api-keys", headers=both,
                    json={"name": "reader", "scopes": ["incidents:read"]}).status_code == 201
    root = _auth(make_key("admin"))
    assert api.post("/v1/api-keys", headers=root,
                    json={"name": "any", "scopes": ["admin"]}).status_code == 201


def test_a_keys_manage_key_cannot_revoke_a_broader_key(api, make_key):
    root_secret = make_key("admin", name="bootstrap admin")
    root = _auth(root_secret)
    manager = _auth(make_key("keys:manage"))
    keys = {k["name"]: k["key_id"] for k in api.get("/v1/api-keys", headers=root).json()["data"]}
    assert_error(api.delete(f"/v1/api-keys/{keys['bootstrap admin']}", headers=manager), 403,
                 "forbidden")
    assert api.get("/v1/api-keys", headers=root).status_code == 200  # still live
    peer = api.post("/v1/api-keys", headers=manager,
                    json={"name": "peer", "scopes": ["keys:manage"]}).json()
    assert api.delete(f"/v1/api-keys/{peer['key_id']}", headers=manager).status_code == 200


def test_webhooks_need_the_read_scope_of_their_event_types(api, make_key):
    hooks = _auth(make_key("webhooks:manage"))
    url = "https://hooks.example.com/sety"
    for events in (["incident.*"], ["access.*"], ["access_code.created"], ["safe_zone.*"], ["*"]):
        err = assert_error(api.post("/v1/webhooks", headers=hooks,
                                    json={"url": url, "events": events}), 403, "forbidden")
        assert "lacks" in err["message"]
    assert api.post("/v1/webhooks", headers=hooks,
                    json={"url": url, "events": ["ping"]}).status_code == 201

    incidents = _auth(make_key("webhooks:manage", "incidents:read"))
    made = api.post("/v1/webhooks", headers=incidents, json={"url": url, "events": ["incident.*"]})
    assert made.status_code == 201, made.text
    assert_error(api.post("/v1/webhooks", headers=incidents, json={"url": url, "events": ["*"]}),
                 403, "forbidden")
    ep = made.json()["endpoint_id"]
    assert_error(api.patch(f"/v1/webhooks/{ep}", headers=incidents,
                           json={"events": ["access.*"]}), 403, "forbidden")
    # Changing any other field still needs the read scopes of what it receives.
    assert_error(api.patch(f"/v1/webhooks/{ep}", headers=hooks, json={"description": "x"}),
                 403, "forbidden")
    assert api.get(f"/v1/webhooks/{ep}", headers=incidents).json()["events"] == ["incident.*"]
    every = _auth(make_key("webhooks:manage", "incidents:read", "access:read", "threat:read"))
    assert api.post("/v1/webhooks", headers=every,
                    json={"url": url, "events": ["*"]}).status_code == 201


def test_muster_needs_incidents_read_and_access_read(api, admin, make_key):
    admin.post("/v1/access-logs", json={"visitor_name": "Chidi Okeke", "site": "HQ"})
    fire = admin.post("/v1/incidents", json=incident_body(category="fire", site="HQ")).json()
    path = f"/v1/incidents/{fire['incident_id']}/muster"
    only_incidents = {"Authorization": f"Bearer {make_key('incidents:read')}"}
    assert_error(api.get(path, headers=only_incidents), 403, "forbidden")
    both = {"Authorization": f"Bearer {make_key('incidents:read', 'access:read')}"}
    rows = api.get(path, headers=both).json()["data"]
    assert [r["visitor_name"] for r in rows] == ["Chidi Okeke"]

    mark = f"{path}/{rows[0]['log_id']}/accounted"
    writer = {"Authorization": f"Bearer {make_key('incidents:write', 'incidents:read')}"}
    assert_error(api.post(mark, headers=writer), 403, "forbidden")
    access_writer = {"Authorization": f"Bearer {make_key('access:write')}"}
    done = api.post(mark, headers=access_writer)
    assert done.status_code == 200 and done.json()["accounted"] == 1


def test_unknown_keys_are_rate_limited_per_client_address(api, make_key):
    from sety_dashboard.api.deps import BAD_KEYS_PER_MIN

    bad = {"Authorization": "Bearer sety_sk_" + "x" * 32}
    # The limiter's windows are whole clock minutes: if the run crosses one,
    # the count starts again, so allow up to two windows' worth.
    refused = 0
    for _ in range(2 * BAD_KEYS_PER_MIN + 1):
        limited = api.get("/v1/incidents", headers=bad)
        if limited.status_code == 429:
            break
        assert_error(limited, 401, "unauthorized")
        refused += 1
    assert_error(limited, 429, "rate_limited")
    assert refused >= BAD_KEYS_PER_MIN
    assert int(limited.headers["retry-after"]) >= 1
    # A real key from the same address is not held back.
    good = {"Authorization": f"Bearer {make_key('incidents:read')}"}
    assert api.get("/v1/incidents", headers=good).status_code == 200
