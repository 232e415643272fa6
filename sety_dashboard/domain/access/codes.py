"""Access codes: issue, look up, validate, consume one use, revoke.

Status is derived, never stored, so it moves by itself as time and use pass:

- `revoked`   revoked_at is set (wins over everything else)
- `exhausted` uses >= max_uses
- `expired`   valid_until <= now
- `active`    otherwise (including a code whose window has not opened yet:
              it validates as `not_yet_valid` until valid_from)

A code string is unique among *live* codes (not revoked, not exhausted, not
yet expired), compared case-insensitively; an old dead code's string may be
issued again. Creation of one code string is serialised by the database
(SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction advisory lock on the
string), so two desks issuing the same custom code at once get one 201 and
one 422.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select, text, update
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.ids import new_id
from sety_dashboard.core.timefmt import as_utc
from sety_dashboard.domain.access.inputs import CreateAccessCodeRequest
from sety_dashboard.domain.access.models import AccessCode
from sety_dashboard.domain.access.read_model import code_view
from sety_dashboard.domain.access.status import code_status, live_condition, status_condition
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.rows import get_or_not_found, page_of
from sety_dashboard.events.log import record_event

DEFAULT_VALIDITY = timedelta(hours=24)
# The longest window a code may have: a year-long contractor pass, not a
# permanent key (a code that never dies is a password nobody rotates).
MAX_VALIDITY = timedelta(days=366)
_GENERATE_ATTEMPTS = 50


def refusal_reason(code: AccessCode | None, now: datetime, site: str | None) -> str:
    """Why this code cannot admit someone now (`ok` when it can)."""
    if code is None or not site_matches(code, site):
        return "not_found"
    status = code_status(code, now)
    if status != "active":
        return status
    if code.valid_from > now:
        return "not_yet_valid"
    return "ok"


def site_matches(code: AccessCode, site: str | None) -> bool:
    """A code for one site admits nobody at another; a code with no site, or
    a desk that names no site, does not restrict."""
    return code.site is None or site is None or code.site.casefold() == site.casefold()


# -- lookup --------------------------------------------------------------------

def normalise(code: str) -> str:
    return code.strip().upper()


def find_code(session: Session, presented: str, now: datetime) -> AccessCode | None:
    """The code a visitor means by this string: the live one if any (there is
    at most one), else the most recent dead one (to say why it fails)."""
    key = normalise(presented)
    if not key or len(key) > 12:
        return None
    live_first = case((live_condition(now), 0), else_=1)
    return session.execute(
        select(AccessCode).where(AccessCode.code_key == key)
        .order_by(live_first, AccessCode.created_at.desc(), AccessCode.id.desc()).limit(1)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def get_code(session: Session, code_id: str, *, for_update: bool = False) -> AccessCode:
    return get_or_not_found(session, AccessCode, code_id, "access code", for_update=for_update,
                            fresh=True)


# -- validate and consume ------------------------------------------------------

@dataclass
class Verdict:
    reason: str
    code: AccessCode | None

    @property
    def valid(self) -> bool:
        return self.reason == "ok"


def validate_code(session: Session, presented: str, site: str | None = None) -> Verdict:
    """Would this code admit someone now? Uses nothing."""
    now = clock.now()
    code = find_code(session, presented, now)
    reason = refusal_reason(code, now, site)
    return Verdict(reason, code if reason != "not_found" else None)


def consume_use(session: Session, presented: str, site: str | None) -> Verdict:
    """Take one use of the code, or say why not.

    The use is taken by one conditional UPDATE that re-checks every rule in
    its WHERE clause: when kiosks race on a one-use code, the database lets
    exactly one UPDATE touch the row (PostgreSQL re-evaluates the WHERE on
    the row a concurrent winner committed; SQLite runs write transactions
    one at a time), and only that caller may check someone in.
    """
    now = clock.now()
    code = find_code(session, presented, now)
    if code is None or not site_matches(code, site):
        return Verdict("not_found", None)
    taken = session.execute(
        update(AccessCode)
        .where(AccessCode.id == code.id, AccessCode.revoked_at.is_(None),
               AccessCode.uses < AccessCode.max_uses, AccessCode.valid_from <= now,
               AccessCode.valid_until > now)
        .values(uses=AccessCode.uses + 1, last_used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    code = get_code(session, code.id)  # re-read: what the winner (or we) left
    if taken == 1:
        return Verdict("ok", code)
    reason = refusal_reason(code, now, site)
    # A lost race leaves the code exhausted, so the re-read names the reason;
    # "ok" here would only mean the UPDATE saw a state the re-read does not.
    return Verdict(reason if reason != "ok" else "exhausted", code)


# -- issue and revoke ----------------------------------------------------------

def _serialise_code_string(session: Session, key: str) -> None:
    """Make concurrent creations of the same code string queue (PostgreSQL);
    SQLite write transactions are already one at a time."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                        {"k": "sety.access_code:" + key})


def _string_in_use(session: Session, key: str, now: datetime) -> bool:
    return session.execute(
        select(func.count()).select_from(AccessCode)
        .where(AccessCode.code_key == key, live_condition(now))
    ).scalar_one() > 0


def _generate(session: Session, now: datetime) -> str:
    for _ in range(_GENERATE_ATTEMPTS):
        # 100000-999999: six digits that survive spreadsheets (no leading 0).
        candidate = str(100000 + secrets.randbelow(900000))
        _serialise_code_string(session, candidate)
        if not _string_in_use(session, candidate, now):
            return candidate
    raise ValidationFailed("could not find a free 6-digit code; give a custom code", "code",
                           "exhausted")


def create_code(session: Session, *, request: CreateAccessCodeRequest,
                actor: Actor) -> AccessCode:
    now = clock.now()
    valid_from = as_utc(request.valid_from) if request.valid_from else now
    valid_until = as_utc(request.valid_until) if request.valid_until else valid_from + DEFAULT_VALIDITY
    if valid_until <= valid_from:
        raise ValidationFailed("valid_until must be after valid_from", "valid_until",
                               "before_valid_from")
    if valid_until <= now:
        raise ValidationFailed("valid_until must be in the future", "valid_until", "in_past")
    if valid_until - valid_from > MAX_VALIDITY:
        raise ValidationFailed(
            f"a code can be valid for at most {MAX_VALIDITY.days} days", "valid_until",
            "too_long")
    if request.code is not None:
        string = request.code
        _serialise_code_string(session, normalise(string))
        if _string_in_use(session, normalise(string), now):
            raise ValidationFailed(f"the code {string} is already in use by an active code",
                                   "code", "already_in_use")
    else:
        string = _generate(session, now)
    code = AccessCode(
        id=new_id("acc"), code=string, code_key=normalise(string),
        visitor_name=request.visitor_name, visitor_phone=request.visitor_phone,
        visitor_email=str(request.visitor_email) if request.visitor_email else None,
        host_name=request.host_name, purpose=request.purpose, site=request.site,
        valid_from=valid_from, valid_until=valid_until, max_uses=request.max_uses, uses=0,
        created_at=now, created_by=actor.ref)
    session.add(code)
    session.flush()
    record_event(session, "access_code.created", code_view(code, now))
    return code


def revoke_code(session: Session, *, code_id: str, actor: Actor) -> AccessCode:
    """Revoke a code. Revoking a revoked code changes nothing (idempotent)."""
    code = get_code(session, code_id, for_update=True)
    if code.revoked_at is not None:
        return code
    now = clock.now()
    code.revoked_at = now
    code.revoked_by = actor.ref
    session.add(code)
    session.flush()
    record_event(session, "access_code.revoked", code_view(code, now))
    return code


# -- lists ---------------------------------------------------------------------

def list_codes(session: Session, *, statuses: list[str] | None, site: str | None,
               q: str | None, page: int, limit: int,
               include_siteless: bool = False) -> tuple[list[AccessCode], int]:
    """Codes, newest first. `include_siteless`: with `site`, also the codes
    without a site (they admit there too) — what a site's desk lists."""
    now = clock.now()
    query = select(AccessCode)
    if statuses:
        query = query.where(or_(*(status_condition(s, now) for s in statuses)))
    if site:
        at_site = func.lower(AccessCode.site) == site.lower()
        query = query.where(or_(at_site, AccessCode.site.is_(None)) if include_siteless
                            else at_site)
    if q:
        needle = like_pattern(q)
        query = query.where(or_(func.lower(AccessCode.visitor_name).like(needle, escape="\\"),
                                AccessCode.code_key.like(needle.upper(), escape="\\")))
    return page_of(session, query, AccessCode.created_at.desc(), AccessCode.id.desc(),
                   page=page, limit=limit)


def like_pattern(q: str) -> str:
    """A case-insensitive LIKE pattern matching `q` anywhere, wildcards escaped."""
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def refusal_message(reason: str, code: AccessCode | None) -> str:
    """What the desk reads out when a code is refused (or accepted)."""
    if reason == "ok":
        return "the code is valid"
    if reason == "not_found" or code is None:
        return "this access code is not recognised here"
    if reason == "not_yet_valid":
        return f"this access code is valid from {_when(code.valid_from)}"
    if reason == "expired":
        return f"this access code expired at {_when(code.valid_until)}"
    if reason == "revoked":
        return "this access code has been revoked"
    if reason == "exhausted":
        if code.max_uses == 1:
            return "this one-use access code has already been used"
        return f"this access code has no uses left ({code.uses} of {code.max_uses} used)"
    return f"this access code cannot be used ({reason})"


def _when(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M UTC")
