"""API keys: secret shown once, stored hashed, revocation effective at once."""

from __future__ import annotations

import re

from sqlalchemy import select

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.keys.models import ApiKey
from tests.api.test_conventions import assert_error


def test_create_list_revoke(admin):
    resp = admin.post("/v1/api-keys", json={"name": "Kiosk 1", "scopes": ["access:write", "access:read"]})
    assert resp.status_code == 201
    key = resp.json()
    assert re.match(r"^sety_sk_[A-Za-z0-9]{32}$", key["secret"])
    assert key["prefix"] == key["secret"][:12]
    assert key["scopes"] == ["access:read", "access:write"]
    with read_session() as s:
        row = s.execute(select(ApiKey).where(ApiKey.id == key["key_id"])).scalar_one()
        assert key["secret"] not in (row.secret_hash, row.prefix)
    listing = admin.get("/v1/api-keys").json()
    assert all("secret" not in k for k in listing["data"])
    assert key["key_id"] in [k["key_id"] for k in listing["data"]]

    kiosk = {"Authorization": f"Bearer {key['secret']}"}
    assert admin.get("/v1/health", headers=kiosk).status_code == 200
    assert_error(admin.get("/v1/incidents", headers=kiosk), 403, "forbidden")
    revoked = admin.delete(f"/v1/api-keys/{key['key_id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert_error(admin.get("/v1/incidents", headers=kiosk), 401, "unauthorized")


def test_revocation_is_effective_on_the_next_request(api, make_key):
    secret = make_key("admin")
    headers = {"Authorization": f"Bearer {secret}"}
    me = api.get("/v1/api-keys", headers=headers).json()["data"][0]
    assert me["last_used_at"] is not None
    assert api.delete(f"/v1/api-keys/{me['key_id']}", headers=headers).status_code == 200
    assert_error(api.get("/v1/api-keys", headers=headers), 401, "unauthorized")


def test_expired_key_is_refused(api, make_key, clock):
    admin = {"Authorization": f"Bearer {make_key('admin')}"}
    resp = api.post("/v1/api-keys", headers=admin,
                    json={"name": "temp", "scopes": ["incidents:read"], "expires_at": "2026-11-30T15:00:00Z"})
    assert resp.status_code == 201
    temp = {"Authorization": f"Bearer {resp.json()['secret']}"}
    assert api.get("/v1/incidents", headers=temp).status_code == 200
    clock.advance(3600)
    err = assert_error(api.get("/v1/incidents", headers=temp), 401, "unauthorized")
    assert "expired" in err["message"]


def test_key_validation(admin):
    assert_error(admin.post("/v1/api-keys", json={"name": "x", "scopes": ["root"]}), 422, "validation_error")
    assert_error(admin.post("/v1/api-keys", json={"name": "x", "scopes": []}), 422, "validation_error")
    past = {"name": "x", "scopes": ["admin"], "expires_at": "2000-01-01T00:00:00Z"}
    assert_error(admin.post("/v1/api-keys", json=past), 422, "validation_error")
    assert_error(admin.delete("/v1/api-keys/key_0000000000000000"), 404, "not_found")
