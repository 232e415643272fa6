"""API keys: issue (secret shown once), authenticate, revoke."""

from __future__ import annotations

import hashlib
import secrets
import string
from typing import Annotated

from pydantic import Field, field_validator
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.core.ids import new_id
from sety_dashboard.core.timefmt import as_utc
from sety_dashboard.domain.common import Name, OptTimestamp, StrictModel
from sety_dashboard.domain.errors import Forbidden, Unauthorized, ValidationFailed
from sety_dashboard.domain.keys.cache import get_key_cache, mark_revoked
from sety_dashboard.domain.keys.models import ApiKey
from sety_dashboard.domain.rows import get_or_not_found, page_of

SCOPES = ("incidents:read", "incidents:write", "access:read", "access:write", "threat:read",
          "webhooks:manage", "keys:manage", "admin")
_BASE62 = string.ascii_letters + string.digits
SECRET_PREFIX = "sety_sk_"
# last_used_at is written at most this often per key, so that a busy key
# does not turn every read request into a write.
LAST_USED_RESOLUTION_S = 30


class CreateApiKeyRequest(StrictModel):
    name: Name
    scopes: list[Annotated[str, Field(json_schema_extra={"enum": list(SCOPES)})]] = Field(
        min_length=1)
    expires_at: OptTimestamp = None

    @field_validator("scopes")
    @classmethod
    def _scopes(cls, v: list[str]) -> list[str]:
        unknown = [s for s in v if s not in SCOPES]
        if unknown:
            raise ValueError(f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(SCOPES)}")
        return sorted(set(v))


def hash_secret(secret: str) -> str:
    # Secrets carry ~190 bits of randomness, so a fast hash is safe here and
    # lets every request find its key by an indexed lookup.
    return hashlib.sha256(secret.encode()).hexdigest()


def lacking_scopes(holder: ApiKey | None, scopes: list[str]) -> list[str]:
    """The scopes in `scopes` that `holder` does not hold (None: a dashboard admin,
    who holds everything). `admin` holds every scope."""
    if holder is None or "admin" in holder.scopes:
        return []
    return [s for s in scopes if s not in holder.scopes]


def create_key(session: Session, *, request: CreateApiKeyRequest,
               granted_by: ApiKey | None = None) -> tuple[ApiKey, str]:
    """A new key; `granted_by` (the calling key) must hold every scope it grants."""
    lacking = lacking_scopes(granted_by, request.scopes)
    if lacking:
        raise Forbidden(f"this API key cannot grant scopes it does not hold: {', '.join(lacking)}",
                        [{"field": "scopes", "issue": "not_held"}])
    now = clock.now()
    if request.expires_at is not None and as_utc(request.expires_at) <= now:
        raise ValidationFailed("expires_at must be in the future", "expires_at", "in_past")
    secret = SECRET_PREFIX + "".join(secrets.choice(_BASE62) for _ in range(32))
    key = ApiKey(id=new_id("key"), name=request.name, prefix=secret[:12],
                 secret_hash=hash_secret(secret), scopes=request.scopes, created_at=now,
                 expires_at=as_utc(request.expires_at) if request.expires_at else None)
    session.add(key)
    session.flush()
    return key, secret


def authenticate(session: Session, secret: str | None) -> ApiKey:
    """The live key for this secret, or Unauthorized (read-only)."""
    if not secret:
        raise Unauthorized("an API key is required: Authorization: Bearer <secret>")
    key = session.execute(
        select(ApiKey).where(ApiKey.secret_hash == hash_secret(secret))
    ).scalar_one_or_none()
    if key is None:
        raise Unauthorized("the API key is not valid")
    return _live(key)


def _live(key: ApiKey) -> ApiKey:
    if key.revoked_at is not None:
        raise Unauthorized("the API key has been revoked")
    if key.expires_at is not None and key.expires_at <= clock.now():
        raise Unauthorized("the API key has expired")
    return key


def authenticate_secret(secret: str | None) -> ApiKey:
    """`authenticate` through the per-process key cache (see domain/keys/cache.py).

    The revocation counter is read before the database, so a revocation
    committed during the read makes the entry stale at once. Refusals are not
    cached. Expiry is checked on every hit.
    """
    if not secret:
        raise Unauthorized("an API key is required: Authorization: Bearer <secret>")
    cache = get_key_cache()
    digest = hash_secret(secret)
    counter = cache.read_counter()
    key = cache.get(digest, counter)
    if key is not None:
        return _live(key)
    with read_session() as session:
        key = authenticate(session, secret)
    cache.put(digest, key, counter)
    return key


def cached_live_key(secret: str | None) -> ApiKey | None:
    """The caller's live key when it can be known without any I/O: found in
    this process's cache, revocations counted in memory, not expired, and no
    last-use note due. None means "ask `authenticate_secret`" (which may read
    the database or Redis, or refuse); nothing is refused here."""
    cache = get_key_cache()
    if not secret or not cache.counter.local:
        return None
    key = cache.get(hash_secret(secret), cache.read_counter())
    if key is None or needs_touch(key):
        return None
    try:
        return _live(key)
    except Unauthorized:
        return None


def touch_if_due(key: ApiKey) -> None:
    """Note the key's use at most every LAST_USED_RESOLUTION_S (one small write)."""
    if not needs_touch(key):
        return
    now = clock.now()
    with write_session() as session:
        session.execute(update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=now))
    key.last_used_at = now  # the cached copy too, so the next requests skip the write


def needs_touch(key: ApiKey) -> bool:
    last = key.last_used_at
    return last is None or (clock.now() - last).total_seconds() >= LAST_USED_RESOLUTION_S


def require_scope(key: ApiKey, scope: str) -> None:
    if "admin" in key.scopes or scope in key.scopes:
        return
    raise Forbidden(f"this API key lacks the {scope} scope")


def has_scope(key: ApiKey, scope: str) -> bool:
    return "admin" in key.scopes or scope in key.scopes


def list_keys(session: Session, *, page: int, limit: int) -> tuple[list[ApiKey], int]:
    return page_of(session, select(ApiKey), ApiKey.created_at.desc(), ApiKey.id.desc(),
                   page=page, limit=limit)


def revoke_key(session: Session, key_id: str, revoked_by: ApiKey | None = None) -> ApiKey:
    """Revoke a key; `revoked_by` (the calling key) must hold every scope the key has."""
    key = get_or_not_found(session, ApiKey, key_id, "API key")
    lacking = lacking_scopes(revoked_by, list(key.scopes))
    if lacking:
        raise Forbidden(f"this API key cannot revoke a key holding scopes it does not hold: "
                        f"{', '.join(lacking)}")
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        session.add(key)
        mark_revoked(session)
    return key
