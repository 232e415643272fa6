"""Dashboard sign-in throttling (API.md, "Security rules").

After 5 failed attempts for one email, or 20 from one client address, within
15 minutes, further attempts are refused for 15 minutes from the failure
that crossed the line, even with the right password. A successful sign-in
clears the count for its email (not for its address, which may be shared
by an attacker and a guard). Attempts are rows in `sign_in_attempts`, so
the count is shared by every worker and survives a restart; every refusal
is logged.

The dashboard asks `sign_in_throttled`; it decides, records and signs in.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.db import write_session
from sety_dashboard.domain.errors import RateLimited, Unauthorized
from sety_dashboard.domain.users.models import SignInAttempt, User
from sety_dashboard.domain.users.service import sign_in

log = logging.getLogger(__name__)

WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_CLIENT = 20
# Rows older than this are never needed again and are removed as we go.
KEEP = WINDOW + LOCKOUT


class SignInThrottled(RateLimited):
    """Too many failed sign-ins: refused whatever the password."""


def _locked_until(failures: list[datetime], limit: int) -> datetime | None:
    """When the lockout started by `limit` failures within WINDOW ends (None: no lockout)."""
    until: datetime | None = None
    for i in range(limit - 1, len(failures)):
        if failures[i] - failures[i - limit + 1] <= WINDOW:
            end = failures[i] + LOCKOUT
            until = end if until is None or end > until else until
    return until


def _failures(session: Session, column: object, value: str, since: datetime) -> list[datetime]:
    return list(session.execute(
        select(SignInAttempt.at).where(column == value, SignInAttempt.at > since,  # type: ignore[arg-type]
                                       SignInAttempt.succeeded.is_(False))
        .order_by(SignInAttempt.at)).scalars())


def _last_success(session: Session, email: str) -> datetime | None:
    return session.execute(
        select(SignInAttempt.at).where(SignInAttempt.email == email,
                                       SignInAttempt.succeeded.is_(True))
        .order_by(SignInAttempt.at.desc()).limit(1)).scalar_one_or_none()


def throttle_ends(session: Session, *, email: str, client: str, now: datetime) -> datetime | None:
    """When this email or address may try again, or None if it may try now."""
    since = now - KEEP
    success = _last_success(session, email)
    by_email = [t for t in _failures(session, SignInAttempt.email, email, since)
                if success is None or t > success]
    ends = [e for e in (_locked_until(by_email, MAX_FAILURES_PER_EMAIL),
                        _locked_until(_failures(session, SignInAttempt.client, client, since),
                                      MAX_FAILURES_PER_CLIENT)) if e is not None and e > now]
    return max(ends) if ends else None


def record_attempt(session: Session, *, email: str, client: str, succeeded: bool,
                   now: datetime) -> None:
    session.add(SignInAttempt(email=email, client=client[:64], succeeded=succeeded, at=now))
    session.execute(delete(SignInAttempt).where(SignInAttempt.at < now - KEEP))


def _normal_email(email: str) -> str:
    return email.strip().lower()[:254]


def sign_in_throttled(*, email: str, password: str, client: str) -> tuple[User, str]:
    """Sign in unless throttled: the user and a new session token.

    SignInThrottled (a 429-like refusal with retry_after) when too many
    attempts failed; Unauthorized for a wrong email or password (recorded).
    Each step is its own transaction, so a failure is recorded even though
    the sign-in itself is rolled back.
    """
    email_key = _normal_email(email)
    now = clock.now()
    with write_session() as session:
        ends = throttle_ends(session, email=email_key, client=client, now=now)
    if ends is not None:
        wait_s = max(1, int((ends - now).total_seconds() + 0.999))
        log.warning("sign-in refused (throttled) for %s from %s; %d s left", email_key, client,
                    wait_s)
        minutes = max(1, (wait_s + 59) // 60)
        raise SignInThrottled(
            f"too many failed sign-in attempts; try again in {minutes} minute"
            f"{'s' if minutes != 1 else ''}", wait_s)
    try:
        with write_session() as session:
            user, token = sign_in(session, email=email, password=password)
    except Unauthorized:
        with write_session() as session:
            record_attempt(session, email=email_key, client=client, succeeded=False, now=now)
        raise
    with write_session() as session:
        record_attempt(session, email=email_key, client=client, succeeded=True, now=now)
    return user, token
