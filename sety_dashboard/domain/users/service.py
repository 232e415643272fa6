"""Dashboard users: accounts with a real password hash, and sign-in sessions."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import EmailStr, Field
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.ids import new_id
from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.actors import ROLES, Actor
from sety_dashboard.domain.common import Name, StrictModel
from sety_dashboard.domain.errors import InvalidTransition, Unauthorized, ValidationFailed
from sety_dashboard.domain.responders.models import Responder
from sety_dashboard.domain.rows import get_or_not_found
from sety_dashboard.domain.users.accounts import lock_user
from sety_dashboard.domain.users.models import User, UserSession
from sety_dashboard.domain.users.permissions import is_responder

_hasher = PasswordHasher()
MIN_PASSWORD = 8


class CreateUserRequest(StrictModel):
    email: EmailStr
    name: Name
    role: str
    password: str = Field(min_length=MIN_PASSWORD, max_length=256)
    # Required for the `responder` role (and only for it): the roster entry.
    responder_id: str | None = Field(default=None, max_length=40)


def user_view(u: User) -> dict[str, Any]:
    return {"user_id": u.id, "email": u.email, "name": u.name, "role": u.role,
            "disabled": u.disabled, "responder_id": u.responder_id,
            "created_at": iso(u.created_at), "last_sign_in_at": iso(u.last_sign_in_at)}


def user_actor(u: User) -> Actor:
    return Actor(kind="user", id=u.id, name=u.name, role=u.role, responder_id=u.responder_id)


def create_user(session: Session, *, request: CreateUserRequest) -> User:
    if request.role not in ROLES:
        raise ValidationFailed(f"role must be one of {', '.join(ROLES)}", "role", "invalid")
    email = request.email.lower()
    if session.execute(select(User).where(User.email == email)).scalar_one_or_none():
        raise ValidationFailed(f"a user with email {email} already exists", "email", "taken")
    responder_id = _check_responder_link(session, request.role, request.responder_id)
    user = User(id=new_id("usr"), email=email, name=request.name, role=request.role,
                password_hash=_hasher.hash(request.password), responder_id=responder_id,
                created_at=clock.now())
    session.add(user)
    session.flush()
    return user


def _check_responder_link(session: Session, role: str, responder_id: str | None) -> str | None:
    """A responder account is one roster entry, and one account per entry
    (so "my assignments" is never ambiguous); other roles have none."""
    responder_id = (responder_id or "").strip() or None
    if not is_responder(role):
        if responder_id:
            raise ValidationFailed("only a responder account is linked to a roster entry",
                                   "responder_id", "invalid")
        return None
    if responder_id is None:
        raise ValidationFailed("a responder account needs the roster entry it is (rsp_…)",
                               "responder_id", "required")
    if session.get(Responder, responder_id) is None:
        raise ValidationFailed(f"responder {responder_id} is not on the roster",
                               "responder_id", "not_found")
    if session.execute(select(User.id).where(User.responder_id == responder_id)).first():
        raise ValidationFailed(f"responder {responder_id} already has an account",
                               "responder_id", "taken")
    return responder_id


def list_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(User.name)).scalars())


def set_disabled(session: Session, *, user_id: str, disabled: bool, actor: Actor) -> User:
    """Disable or re-enable a user. Disabling ends all their sessions at once
    (open tabs are cleared on the live bridge's next sweep), so enabling them
    later never revives an old sign-in.

    Refused: disabling yourself, and disabling the last enabled admin (either
    would leave nobody able to undo it from the dashboard).
    """
    user = get_or_not_found(session, User, user_id, "user")
    if disabled and user.id == actor.id:
        raise InvalidTransition("you cannot disable your own account")
    lock_user(session, user, losing_admin=disabled and user.role == "admin")
    if user.disabled != disabled:
        user.disabled = disabled
        session.add(user)
    if disabled:
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    session.flush()
    return user


def count_users(session: Session) -> int:
    return session.execute(select(func.count()).select_from(User)).scalar_one()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(session: Session, *, email: str, password: str) -> tuple[User, str]:
    """Check the password; return the user and a new session token."""
    user = session.execute(
        select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()
    ok = False
    if user is not None and not user.disabled:
        try:
            ok = _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        # Spend the same time as a real check, so timing does not reveal
        # which emails exist.
        _hasher.hash(password)
    if not ok or user is None:
        raise Unauthorized("wrong email or password")
    token = secrets.token_urlsafe(32)
    now = clock.now()
    user.last_sign_in_at = now
    session.add(UserSession(token_hash=_token_hash(token), user_id=user.id, created_at=now,
                            expires_at=now + timedelta(seconds=get_settings().session_ttl_s)))
    return user, token


def user_for_token(session: Session, token: str | None) -> User | None:
    """The signed-in user, or None when the token is unknown or expired."""
    if not token:
        return None
    row = session.get(UserSession, _token_hash(token))
    if row is None or row.expires_at <= clock.now():
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    return user


def sign_out(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == _token_hash(token)))


def refresh_due(session: Session, token: str) -> bool:
    """Whether `refresh_session` would write (lets callers skip the write
    transaction on most page loads)."""
    row = session.get(UserSession, _token_hash(token))
    now = clock.now()
    if row is None or row.expires_at <= now:
        return False
    ttl = timedelta(seconds=get_settings().session_ttl_s)
    return now + ttl - row.expires_at >= ttl / 10


def refresh_session(session: Session, token: str) -> None:
    """Slide the expiry of an active session forward (sessions end after
    `session_ttl_s` without activity, not after a fixed time).

    Written at most once per tenth of the TTL, so page loads do not each
    cost a write.
    """
    if refresh_due(session, token):
        row = session.get(UserSession, _token_hash(token))
        row.expires_at = clock.now() + timedelta(seconds=get_settings().session_ttl_s)
        session.add(row)


def active_tokens(session: Session, tokens: list[str]) -> set[str]:
    """Which of these session tokens still belong to a signed-in, enabled user
    (one query, for checking many open dashboard tabs at once)."""
    by_hash = {_token_hash(t): t for t in tokens if t}
    if not by_hash:
        return set()
    rows = session.execute(
        select(UserSession.token_hash)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash.in_(list(by_hash)), UserSession.expires_at > clock.now(),
               User.disabled.is_(False))
    ).scalars()
    return {by_hash[h] for h in rows}
