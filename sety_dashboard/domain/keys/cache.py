"""A per-process cache of authenticated API keys, dropped at once on revocation.

Every API request used to look its key up in the database: a read session,
a pooled connection, a query and an ORM object, on every call. A key changes
only when it is revoked (scopes and expiry are fixed at creation; expiry is
checked against the clock on every hit), so the live key is kept in memory,
keyed by the secret's SHA-256 (never the secret itself).

Revocation stays immediate, in every worker:

- A **revocation counter** says when the cache must be distrusted. Each
  entry remembers the counter's value read *before* its database read; an
  entry is used only while the counter still has that value.
- `revoke_key` marks its transaction; after the commit (never before: a
  request could re-read the not-yet-revoked row and cache it) the counter is
  incremented and this process's entries are dropped.
- With `SETY_REDIS_URL` (the only supported way to run several workers) the
  counter lives in Redis, so a revocation on worker A is seen by worker B on
  B's next request: one Redis GET instead of a database lookup. It is
  incremented before the revoking request answers, so any request sent after
  that answer, to any worker, reads the key afresh and is refused. If Redis
  cannot be read, the cache is bypassed (the database decides).
- Without Redis the counter is in memory: one process, which is what a
  deployment without Redis is (the event bus and rate limits are per
  process too).

Entries also expire after `TTL_S`, so memory never holds a key for long
after it stopped being used.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session

from sety_dashboard.core.settings import get_settings
from sety_dashboard.domain.keys.models import ApiKey

log = logging.getLogger(__name__)

TTL_S = 60.0
MAX_ENTRIES = 10_000
_REVOKED = "sety_keys_revoked"


class MemoryCounter:
    # Read without I/O: a request may consult it on the event loop.
    local = True

    def __init__(self) -> None:
        self._value = 0
        self._lock = threading.Lock()

    def current(self) -> int:
        return self._value

    def bump(self) -> None:
        with self._lock:
            self._value += 1


class RedisCounter:
    local = False  # each read is a Redis round trip

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self._name = f"{prefix}:keys:revocations"

    def current(self) -> int:
        return int(self._redis.get(self._name) or 0)

    def bump(self) -> None:
        self._redis.incr(self._name)


@dataclass
class _Entry:
    key: ApiKey
    counter: int
    at: float


class KeyCache:
    def __init__(self, counter: MemoryCounter | RedisCounter) -> None:
        self.counter = counter
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def read_counter(self) -> int | None:
        """The revocation counter now, or None when it cannot be read (bypass)."""
        try:
            return self.counter.current()
        except Exception:  # Redis down: the database decides, as without a cache
            log.warning("key revocation counter unreadable; authenticating from the database")
            return None

    def get(self, secret_hash: str, counter: int | None) -> ApiKey | None:
        if counter is None:
            return None
        entry = self._entries.get(secret_hash)
        if entry is None or entry.counter != counter or time.monotonic() - entry.at > TTL_S:
            return None
        return entry.key

    def put(self, secret_hash: str, key: ApiKey, counter: int | None) -> None:
        if counter is None:
            return
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[secret_hash] = _Entry(key, counter, time.monotonic())

    def revoked(self) -> None:
        """After a revocation committed: tell every worker, forget ours."""
        with self._lock:
            self._entries.clear()
        try:
            self.counter.bump()
        except Exception:
            # Other workers keep their entries until TTL_S; say so loudly.
            log.exception("could not publish a key revocation to the other workers")


_cache: KeyCache | None = None
_cache_lock = threading.Lock()


def get_key_cache() -> KeyCache:
    global _cache
    if _cache is None:
        with _cache_lock:
            if _cache is None:
                s = get_settings()
                counter = RedisCounter(s.redis_url, s.redis_prefix) if s.redis_url else MemoryCounter()
                _cache = KeyCache(counter)
    return _cache


def reset_key_cache() -> None:
    """Forget the cache (tests change settings between runs)."""
    global _cache
    _cache = None


def mark_revoked(session: Session) -> None:
    """Called by `revoke_key` inside its transaction; acted on after commit."""
    session.info[_REVOKED] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_REVOKED, False):
        get_key_cache().revoked()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_REVOKED, None)
