"""The per-process key cache: revocation stays immediate, in this worker and in others."""

from __future__ import annotations

import uuid

import pytest

from sety_dashboard.core.db import write_session
from sety_dashboard.domain.errors import Unauthorized
from sety_dashboard.domain.keys import cache as cache_mod
from sety_dashboard.domain.keys.service import (
    CreateApiKeyRequest,
    authenticate_secret,
    create_key,
    hash_secret,
    revoke_key,
)
from tests.api.test_conventions import assert_error
from tests.conftest import REDIS_URL


def _new_key() -> tuple[str, str]:
    with write_session() as s:
        key, secret = create_key(s, request=CreateApiKeyRequest(name="k", scopes=["admin"]))
    return key.id, secret


def test_cached_key_is_refused_on_the_request_after_its_revocation(api, make_key):
    """The key is cached by its first requests; the revoking answer drops it."""
    secret = make_key("incidents:read")
    admin = {"Authorization": f"Bearer {make_key('admin')}"}
    headers = {"Authorization": f"Bearer {secret}"}
    for _ in range(3):  # served from the cache after the first
        assert api.get("/v1/incidents", headers=headers).status_code == 200
    assert cache_mod.get_key_cache().get(hash_secret(secret),
                                         cache_mod.get_key_cache().read_counter()) is not None
    key_id = next(k["key_id"] for k in api.get("/v1/api-keys", headers=admin).json()["data"]
                  if k["scopes"] == ["incidents:read"])
    assert api.delete(f"/v1/api-keys/{key_id}", headers=admin).status_code == 200
    err = assert_error(api.get("/v1/incidents", headers=headers), 401, "unauthorized")
    assert "revoked" in err["message"]


def test_a_read_racing_a_revocation_is_never_cached_as_live(db):
    """An entry tagged with the counter read before a revocation committed is stale."""
    key_id, secret = _new_key()
    cache = cache_mod.get_key_cache()
    before = cache.read_counter()
    # Another request read the row just before the revocation committed...
    authenticate_secret(secret)
    with write_session() as s:
        revoke_key(s, key_id)
    # ...and puts what it read, tagged with the counter it read first.
    from sety_dashboard.core.db import read_session
    from sety_dashboard.domain.keys.models import ApiKey

    with read_session() as s:
        stale = s.get(ApiKey, key_id)
        stale.revoked_at = None  # what it saw before the commit
    cache.put(hash_secret(secret), stale, before)
    with pytest.raises(Unauthorized, match="revoked"):
        authenticate_secret(secret)


def test_revocation_on_one_worker_reaches_another_through_redis(db, monkeypatch):
    """Two workers = two caches over one Redis counter; no bus message needed."""
    prefix = f"sety_test_{uuid.uuid4().hex[:8]}"
    worker_a = cache_mod.KeyCache(cache_mod.RedisCounter(REDIS_URL, prefix))
    worker_b = cache_mod.KeyCache(cache_mod.RedisCounter(REDIS_URL, prefix))
    key_id, secret = _new_key()

    monkeypatch.setattr(cache_mod, "_cache", worker_b)
    assert authenticate_secret(secret).id == key_id  # B caches the live key
    assert worker_b.get(hash_secret(secret), worker_b.read_counter()) is not None

    monkeypatch.setattr(cache_mod, "_cache", worker_a)  # the revocation lands on A
    with write_session() as s:
        revoke_key(s, key_id)

    monkeypatch.setattr(cache_mod, "_cache", worker_b)  # the next request lands on B
    with pytest.raises(Unauthorized, match="revoked"):
        authenticate_secret(secret)


def test_unreadable_counter_bypasses_the_cache(db, monkeypatch):
    """Redis down: every request asks the database (slower, never stale)."""
    key_id, secret = _new_key()
    cache = cache_mod.KeyCache(cache_mod.RedisCounter("redis://127.0.0.1:1/0", "x"))
    monkeypatch.setattr(cache_mod, "_cache", cache)
    assert authenticate_secret(secret).id == key_id
    assert cache._entries == {}
    with write_session() as s:
        revoke_key(s, key_id)
    with pytest.raises(Unauthorized, match="revoked"):
        authenticate_secret(secret)


def test_the_event_loop_check_takes_only_a_cached_live_key(db, monkeypatch):
    """`cached_live_key` (the check done without the thread pool) answers only
    what needs no I/O; anything else goes to the full check, which decides."""
    from sety_dashboard.domain.keys import service

    key_id, secret = _new_key()
    assert service.cached_live_key(secret) is None  # not cached yet: the full check reads it
    key = authenticate_secret(secret)
    assert service.cached_live_key(secret) is None  # never used: its last-use note is due
    service.touch_if_due(key)
    assert service.cached_live_key(secret).id == key_id
    assert service.cached_live_key(None) is None
    assert service.cached_live_key(secret + "x") is None
    with write_session() as s:
        revoke_key(s, key_id)
    assert service.cached_live_key(secret) is None  # dropped at once
    with pytest.raises(Unauthorized):
        authenticate_secret(secret)
    # Revocations counted in Redis are read with I/O: never on the event loop.
    other_id, other = _new_key()
    service.touch_if_due(authenticate_secret(other))
    assert service.cached_live_key(other) is not None
    monkeypatch.setattr(cache_mod.get_key_cache().counter, "local", False)
    assert service.cached_live_key(other) is None
