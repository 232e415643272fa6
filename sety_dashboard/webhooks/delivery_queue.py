"""The database side of delivering: fan out the event log, claim due work, record outcomes.

- **Fan-out** turns events after the cursor into delivery rows for every
  active endpoint whose filter matches, and moves the cursor, in one
  transaction: a crash before the commit leaves both as they were.
- **Claiming** reserves due deliveries for one worker with a lease
  (`FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the write transaction
  is exclusive). Two workers never hold the same attempt; a worker that dies
  loses its lease and the attempt is made again (at least once).
- **Recording** an outcome applies the retry schedule and, when every
  attempt for ~45 h failed, disables the endpoint with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.core.ids import new_id
from sety_dashboard.events.log import envelope, last_seq
from sety_dashboard.events.models import EventRecord
from sety_dashboard.webhooks import authority, schedule
from sety_dashboard.webhooks.cursor import NAME as CURSOR_NAME
from sety_dashboard.webhooks.cursor import insert_ignoring_duplicates, lock_cursor
from sety_dashboard.webhooks.models import WebhookCursor, WebhookDelivery, WebhookEndpoint

FANOUT_PAGE = 500
_INSERT_CHUNK = 500
_DUE = ("pending", "retrying")


@dataclass(frozen=True)
class Attempt:
    """One claimed attempt: everything needed to send it without the database."""

    delivery_id: str
    endpoint_id: str
    url: str
    secret: str
    envelope: dict[str, Any]
    number: int  # 1 for the first attempt


@dataclass(frozen=True)
class Outcome:
    ok: bool
    response_status: int | None = None
    response_body: str | None = None
    error: str | None = None


def fan_out_once(session: Session) -> int:
    """Create deliveries for up to one page of new events; return events passed."""
    cursor = lock_cursor(session)
    now = clock.now()
    authority.disable_orphans(session, now)
    endpoints = session.execute(
        select(WebhookEndpoint).where(WebhookEndpoint.status == "active")).scalars().all()
    if not endpoints:
        # Nobody to deliver to: events written now are never owed to anyone.
        cursor.value = max(cursor.value, last_seq(session))
        return 0
    start = max(cursor.value, min(ep.since_seq for ep in endpoints))
    events = session.execute(
        select(EventRecord.id, EventRecord.seq, EventRecord.type)
        .where(EventRecord.seq > start).order_by(EventRecord.seq).limit(FANOUT_PAGE)).all()
    if not events:
        cursor.value = start
        return 0
    keys = authority.owners(session, endpoints)
    # Each type is checked against the owner key's read scopes now, not only
    # when the endpoint was set up (authority.py).
    filters = [(ep, authority.deliverable_filter(ep, keys.get(ep.owner_key_id or "")))
               for ep in endpoints]
    rows = [{"id": new_id("dlv"), "endpoint_id": ep.id, "event_id": ev.id, "event_seq": ev.seq,
             "event_type": ev.type, "status": "pending", "attempts": 0, "next_attempt_at": now,
             "created_at": now, "updated_at": now}
            for ev in events if ev.type != "ping"  # pings go only to the endpoint tested
            for ep, flt in filters if ev.seq > ep.since_seq and flt.matches(ev.type)]
    table = WebhookDelivery.__table__
    for i in range(0, len(rows), _INSERT_CHUNK):
        insert_ignoring_duplicates(session, table, rows[i:i + _INSERT_CHUNK])
    cursor.value = events[-1].seq
    return len(events)


def _fan_out_needed() -> bool:
    """A cheap read first, so an idle worker takes no write lock.

    Nothing to do when the cursor is at the end of the log, or when no
    active endpoint wants anything after it (a new or re-enabled endpoint
    starts at the end of the log anyway).
    """
    with read_session() as session:
        end = last_seq(session)
        cursor = session.execute(
            select(WebhookCursor.value).where(WebhookCursor.name == CURSOR_NAME)).scalar_one_or_none()
        if cursor is not None and cursor >= end:
            return False
        return session.execute(
            select(WebhookEndpoint.id).where(WebhookEndpoint.status == "active",
                                             WebhookEndpoint.since_seq < end).limit(1)).first() is not None


def fan_out() -> int:
    """Fan out everything written so far, a page per transaction."""
    if not _fan_out_needed():
        return 0
    total = 0
    while True:
        with write_session() as session:
            passed = fan_out_once(session)
        total += passed
        if passed < FANOUT_PAGE:
            return total


def _due(now: datetime, limit: int) -> Select:
    return (
        select(WebhookDelivery.id, WebhookDelivery.endpoint_id)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.status.in_(_DUE), WebhookDelivery.next_attempt_at <= now,
               or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until <= now),
               or_(WebhookEndpoint.status == "active", WebhookDelivery.event_type == "ping"))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.event_seq)
        .limit(limit)
    )


def claim(worker_id: str, limit: int, per_endpoint: int, busy: dict[str, int],
          lease_s: float) -> list[Attempt]:
    """Reserve up to `limit` due deliveries for this worker.

    At most `per_endpoint` attempts run at once per endpoint (counting those
    this worker already has in flight, `busy`), so one slow receiver cannot
    take every slot.
    """
    if limit <= 0:
        return []
    with read_session() as session:  # an idle worker takes no write lock
        if not session.execute(_due(clock.now(), 1)).first():
            return []
    with write_session() as session:
        now = clock.now()
        authority.disable_orphans(session, now)  # a revoked owner stops retries too
        stmt = _due(now, limit * 4)
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True, of=WebhookDelivery)
        counts = dict(busy)
        picked: list[str] = []
        for delivery_id, endpoint_id in session.execute(stmt).all():
            if len(picked) >= limit:
                break
            if counts.get(endpoint_id, 0) >= per_endpoint:
                continue
            counts[endpoint_id] = counts.get(endpoint_id, 0) + 1
            picked.append(delivery_id)
        if not picked:
            return []
        session.execute(
            update(WebhookDelivery).where(WebhookDelivery.id.in_(picked))
            .values(lease_owner=worker_id, lease_until=now + timedelta(seconds=lease_s)))
        # Columns, not ORM objects: loading three entities per attempt cost
        # more than the attempt's HTTP exchange.
        rows = session.execute(
            select(WebhookDelivery.id, WebhookDelivery.attempts, WebhookEndpoint.id,
                   WebhookEndpoint.url, WebhookEndpoint.secret, EventRecord.id, EventRecord.seq,
                   EventRecord.type, EventRecord.created_at, EventRecord.data)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .join(EventRecord, EventRecord.id == WebhookDelivery.event_id)
            .where(WebhookDelivery.id.in_(picked)).order_by(WebhookDelivery.event_seq)).all()
        return [Attempt(delivery_id=d_id, endpoint_id=ep_id, url=url, secret=secret,
                        envelope=envelope(ev_id, seq, type_, created_at, data),
                        number=attempts + 1)
                for d_id, attempts, ep_id, url, secret, ev_id, seq, type_, created_at, data in rows]


def record_outcomes(worker_id: str, results: list[tuple[Attempt, Outcome]]) -> None:
    """Write what happened to each attempt (one transaction for the batch).

    The batch's deliveries are locked in one statement and then their
    endpoints in one more (each in id order, the same order for every
    worker), instead of two locking reads per attempt: a worker finishing
    sixty attempts at once makes two reads, not a hundred and twenty.
    """
    if not results:
        return
    with write_session() as session:
        now = clock.now()
        ids = sorted(a.delivery_id for a, _ in results)
        owned = {d.id: d for d in session.execute(
            select(WebhookDelivery).where(WebhookDelivery.id.in_(ids),
                                          WebhookDelivery.lease_owner == worker_id)
            .order_by(WebhookDelivery.id).with_for_update()).scalars()}
        endpoint_ids = sorted({d.endpoint_id for d in owned.values()})
        endpoints = {ep.id: ep for ep in session.execute(
            select(WebhookEndpoint).where(WebhookEndpoint.id.in_(endpoint_ids))
            .order_by(WebhookEndpoint.id).with_for_update()).scalars()}
        # A delivery not owned any more was deleted with its endpoint, or its
        # lease ran out and another worker took it: its late result is dropped.
        for attempt, outcome in sorted(results, key=lambda r: (r[0].endpoint_id, r[0].delivery_id)):
            d = owned.get(attempt.delivery_id)
            if d is not None:
                _record(d, endpoints[d.endpoint_id], outcome, now)
        session.add_all([*owned.values(), *endpoints.values()])


def _record(d: WebhookDelivery, ep: WebhookEndpoint, outcome: Outcome, now: datetime) -> None:
    d.attempts += 1
    d.first_attempt_at = d.first_attempt_at or now
    d.last_attempt_at = d.updated_at = now
    d.response_status, d.response_body = outcome.response_status, outcome.response_body
    d.lease_owner = d.lease_until = None
    if outcome.ok:
        d.status, d.delivered_at, d.next_attempt_at, d.last_error = "succeeded", now, None, None
        ep.failure_count, ep.last_success_at = 0, now
    else:
        d.last_error = (outcome.error or "failed")[:1000]
        ep.failure_count, ep.last_failure_at = ep.failure_count + 1, now
        delay = schedule.retry_delay(d.attempts)
        if delay is not None:
            d.status, d.next_attempt_at = "retrying", now + delay
        else:
            d.status, d.next_attempt_at = "failed", None
            if ep.status == "active" and schedule.should_disable(d.first_attempt_at,
                                                                 ep.last_success_at):
                ep.status, ep.disabled_at = "disabled", now
                ep.disabled_reason = schedule.disabled_reason(d.attempts, d.last_error)
    ep.updated_at = now


def release(worker_id: str, delivery_ids: list[str]) -> None:
    """Give back leases of attempts that were never made (worker stopping)."""
    if not delivery_ids:
        return
    with write_session() as session:
        session.execute(
            update(WebhookDelivery).where(WebhookDelivery.id.in_(delivery_ids),
                                          WebhookDelivery.lease_owner == worker_id)
            .values(lease_owner=None, lease_until=None))
