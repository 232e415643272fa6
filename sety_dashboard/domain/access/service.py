"""Visits: check in (walk-in or with a code), check out, and read the log.

Each write runs in the caller's transaction and records its event there, so
a visit and its `access.*` event commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.ids import new_id
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.access.codes import consume_use, like_pattern, refusal_message
from sety_dashboard.domain.access.inputs import LOG_STATUSES, CheckInRequest, CheckoutRequest
from sety_dashboard.domain.access.models import AccessCode, AccessDenial, AccessLog
from sety_dashboard.domain.access.read_model import log_view
from sety_dashboard.domain.access.status import live_condition
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import (
    AccessDenied,
    AlreadyCheckedOut,
    InvalidTransition,
    ValidationFailed,
)
from sety_dashboard.domain.rows import get_or_not_found, page_of
from sety_dashboard.events.log import record_event

# A walk-in has no code to say how long they may stay; after this long
# inside they are flagged as an overstay.
WALK_IN_STAY = timedelta(hours=12)
# A check-out clicked by mistake can be taken back this long after it.
UNDO_CHECKOUT = timedelta(seconds=10)


@dataclass
class CheckInOutcome:
    """A check-in either admitted someone (`log`) or was refused (`reason`).

    A refusal is not an exception inside the transaction: its denial row and
    `access.denied` event must commit. Callers raise after the commit with
    `raise_if_denied()`.
    """

    log: AccessLog | None
    reason: str = "ok"
    message: str = ""

    @property
    def admitted(self) -> bool:
        return self.log is not None

    def raise_if_denied(self) -> AccessLog:
        if self.log is None:
            raise AccessDenied(self.message, {"reason": self.reason})
        return self.log


def check_in(session: Session, *, request: CheckInRequest, actor: Actor) -> CheckInOutcome:
    now = clock.now()
    if request.access_code is None:
        if not request.visitor_name:
            raise ValidationFailed("visitor_name is required for a walk-in (no access_code)",
                                   "visitor_name", "required")
        log = _new_log(request, actor, now, name=request.visitor_name, method="walk_in",
                       overstay_at=now + WALK_IN_STAY)
    else:
        verdict = consume_use(session, request.access_code, request.site)
        if not verdict.valid:
            message = refusal_message(verdict.reason, verdict.code)
            _deny(session, request, actor, now, verdict.reason, verdict.code, message)
            return CheckInOutcome(None, verdict.reason, message)
        code = verdict.code
        assert code is not None
        log = _new_log(request, actor, now, name=request.visitor_name or code.visitor_name,
                       method="access_code", overstay_at=code.valid_until, code=code)
    session.add(log)
    session.flush()
    record_event(session, "access.checked_in", log_view(log))
    return CheckInOutcome(log)


def _new_log(request: CheckInRequest, actor: Actor, now: datetime, *, name: str, method: str,
             overstay_at: datetime, code: AccessCode | None = None) -> AccessLog:
    phone = request.visitor_phone or (code.visitor_phone if code else None)
    host = request.host_name or (code.host_name if code else None)
    purpose = request.purpose or (code.purpose if code else None)
    site = request.site or (code.site if code else None)
    parts = (name, phone, host, purpose, site, code.code if code else None)
    return AccessLog(
        id=new_id("acl"), visitor_name=name, visitor_phone=phone, host_name=host,
        purpose=purpose, site=site, method=method, code_id=code.id if code else None,
        status="checked_in", check_in_at=now, notes=request.notes, overstay_at=overstay_at,
        search_text=" ".join(p for p in parts if p).lower()[:1200],
        checked_in_by=actor.ref, checked_in_by_name=actor.name)


def _deny(session: Session, request: CheckInRequest, actor: Actor, now: datetime, reason: str,
          code: AccessCode | None, message: str) -> None:
    site = request.site or (code.site if code else None)
    name = request.visitor_name or (code.visitor_name if code else None)
    assert request.access_code is not None
    session.add(AccessDenial(code=request.access_code, code_id=code.id if code else None,
                             reason=reason, site=site, visitor_name=name, attempted_at=now,
                             actor=actor.ref))
    record_event(session, "access.denied", {
        "reason": reason, "message": message, "code": request.access_code,
        "code_id": code.id if code else None, "site": site, "visitor_name": name,
        "attempted_at": iso(now), "actor": actor.ref,
    })


def get_log(session: Session, log_id: str, *, for_update: bool = False) -> AccessLog:
    return get_or_not_found(session, AccessLog, log_id, "access log", for_update=for_update,
                            fresh=True)


def check_out(session: Session, *, log_id: str, request: CheckoutRequest,
              actor: Actor) -> AccessLog:
    """Close a visit. The row lock makes two desks checking the same visitor
    out at once end with one checkout and one 409."""
    log = get_log(session, log_id, for_update=True)
    if log.status != "checked_in":
        by = f" by {log.checked_out_by_name}" if log.checked_out_by_name else ""
        raise AlreadyCheckedOut(
            f"{log.visitor_name} was already checked out at {iso(log.check_out_at)}{by}")
    now = clock.now()
    log.status = "checked_out"
    log.check_out_at = now
    log.duration_s = max(0, round((now - log.check_in_at).total_seconds()))
    if request.notes:
        log.notes = f"{log.notes}\n{request.notes}"[:5000] if log.notes else request.notes
    log.checked_out_by = actor.ref
    log.checked_out_by_name = actor.name
    session.add(log)
    session.flush()
    record_event(session, "access.checked_out", log_view(log))
    return log


def undo_check_out(session: Session, *, log_id: str, actor: Actor) -> AccessLog:
    """Take back a check-out made in the last `UNDO_CHECKOUT` (the wrong row
    clicked at a busy desk): the visit is open again, as if never closed,
    and `access.checkout_undone` (data: the AccessLog) says so."""
    log = get_log(session, log_id, for_update=True)
    if log.status != "checked_out" or log.check_out_at is None:
        raise InvalidTransition(f"{log.visitor_name} is still checked in")
    if clock.now() - log.check_out_at > UNDO_CHECKOUT:
        raise InvalidTransition(f"a check-out can be undone for {UNDO_CHECKOUT.seconds} "
                                "seconds only; check them in again")
    log.status = "checked_in"
    log.check_out_at = None
    log.duration_s = None
    log.checked_out_by = log.checked_out_by_name = None
    session.add(log)
    session.flush()
    record_event(session, "access.checkout_undone", log_view(log))
    return log


# -- reading -------------------------------------------------------------------

@dataclass
class LogFilters:
    statuses: list[str] | None = None
    site: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    q: str | None = None

    def __post_init__(self) -> None:
        for s in self.statuses or ():
            if s not in LOG_STATUSES:
                raise ValidationFailed(f"status must be one of {', '.join(LOG_STATUSES)}",
                                       "status", "invalid_choice")
        if self.since and self.until and self.since > self.until:
            raise ValidationFailed("since must not be after until", "since", "after_until")


def filtered_logs(f: LogFilters) -> Any:
    query = select(AccessLog)
    if f.statuses:
        query = query.where(AccessLog.status.in_(f.statuses))
    if f.site:
        query = query.where(func.lower(AccessLog.site) == f.site.lower())
    if f.since:
        query = query.where(AccessLog.check_in_at >= f.since)
    if f.until:
        query = query.where(AccessLog.check_in_at <= f.until)
    if f.q:
        query = query.where(AccessLog.search_text.like(like_pattern(f.q), escape="\\"))
    return query


def list_logs(session: Session, *, filters: LogFilters, page: int,
              limit: int) -> tuple[list[AccessLog], int]:
    query = filtered_logs(filters)
    return page_of(session, query, AccessLog.check_in_at.desc(), AccessLog.id.desc(),
                   page=page, limit=limit)


def all_logs(session: Session, *, filters: LogFilters, cap: int = 10000) -> list[AccessLog]:
    """Every matching visit, newest first (for CSV export), up to `cap`."""
    return list(session.execute(
        filtered_logs(filters).order_by(AccessLog.check_in_at.desc(), AccessLog.id.desc())
        .limit(cap)
    ).scalars())


def current_visitors(session: Session, *, site: str | None = None) -> list[AccessLog]:
    """Everyone inside now, most recent arrival first."""
    query = select(AccessLog).where(AccessLog.status == "checked_in")
    if site:
        query = query.where(func.lower(AccessLog.site) == site.lower())
    return list(session.execute(
        query.order_by(AccessLog.check_in_at.desc(), AccessLog.id.desc())).scalars())


def known_sites(session: Session, *, since: datetime | None = None, cap: int = 200) -> list[str]:
    """The sites the desks use: those of visits since `since` (all time when
    None) and of live codes, each once whatever its case (the spelling used
    most wins), sorted."""
    counts: dict[str, int] = {}
    visits = select(AccessLog.site, func.count()).where(AccessLog.site.is_not(None))
    if since is not None:
        visits = visits.where(AccessLog.check_in_at >= since)
    for site, n in session.execute(visits.group_by(AccessLog.site)):
        counts[site] = counts.get(site, 0) + n
    live = (select(AccessCode.site, func.count())
            .where(AccessCode.site.is_not(None), live_condition(clock.now()))
            .group_by(AccessCode.site))
    for site, n in session.execute(live):
        counts[site] = counts.get(site, 0) + n
    best: dict[str, tuple[int, str]] = {}
    for site, n in counts.items():
        key = site.casefold()
        if key not in best or (n, site) > best[key]:
            best[key] = (n, site)
    return sorted((spelling for _, spelling in best.values()), key=str.casefold)[:cap]
