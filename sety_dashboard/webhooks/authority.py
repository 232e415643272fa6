"""Whose read scopes a webhook endpoint's deliveries follow.

An endpoint receives events only of the types the API key that created (or
last changed) it may read (API.md, "Security rules"): `incident.*` needs
`incidents:read`, `access.*` and `access_code.*` need `access:read`,
`safe_zone.*` needs `threat:read`; `ping` needs nothing.

- At creation and change the key must hold every scope its patterns need
  (else 403), and becomes the endpoint's owner.
- At fan-out each event type is checked again against the owner's scopes.
- When the owner key is revoked or expires, the endpoint is disabled (with
  the reason) at the next fan-out or claim, and its waiting deliveries stay
  unsent until someone allowed re-enables it (that person's key becomes the
  owner). Endpoints set up from the dashboard (admins only) have no owner.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sety_dashboard.domain.errors import Forbidden
from sety_dashboard.domain.keys.models import ApiKey
from sety_dashboard.domain.keys.service import lacking_scopes
from sety_dashboard.events.filters import EventFilter, readable_types, scope_for_type
from sety_dashboard.events.log import EVENT_TYPES
from sety_dashboard.webhooks.models import WebhookEndpoint
from sety_dashboard.webhooks.notices import notify_after_commit

OWNER_GONE_REASON = ("the API key that set up this endpoint was revoked or has expired; "
                     "re-enable it with a key that may read its events")


def scopes_needed(patterns: Sequence[str]) -> list[str]:
    """The read scopes the event types matched by `patterns` need (ping needs none)."""
    flt = EventFilter(patterns)
    return sorted({scope_for_type(t) for t in EVENT_TYPES if t != "ping" and flt.matches(t)})


def check_may_subscribe(owner: ApiKey | None, patterns: Sequence[str]) -> None:
    """403 unless `owner` (None: a dashboard admin) may read every type asked for."""
    lacking = lacking_scopes(owner, scopes_needed(patterns))
    if lacking:
        raise Forbidden(f"this API key cannot subscribe to events it may not read; it lacks "
                        f"{', '.join(lacking)}", [{"field": "events", "issue": "not_readable"}])


def deliverable_filter(ep: WebhookEndpoint, owner: ApiKey | None) -> EventFilter:
    """The endpoint's filter narrowed to what its owner may read now."""
    wanted = EventFilter(ep.events)
    if ep.owner_key_id is None:
        return wanted
    if owner is None:
        return EventFilter([])
    readable = readable_types(owner.scopes) | {"ping"}
    return EventFilter(sorted(t for t in readable if wanted.matches(t)))


def owners(session: Session, endpoints: Iterable[WebhookEndpoint]) -> dict[str, ApiKey]:
    ids = {ep.owner_key_id for ep in endpoints if ep.owner_key_id}
    if not ids:
        return {}
    rows = session.execute(select(ApiKey).where(ApiKey.id.in_(ids))).scalars()
    return {k.id: k for k in rows}


def disable_orphans(session: Session, now: datetime) -> list[str]:
    """Disable active endpoints whose owner key was revoked, expired or deleted."""
    stmt = (select(WebhookEndpoint)
            .outerjoin(ApiKey, ApiKey.id == WebhookEndpoint.owner_key_id)
            .where(WebhookEndpoint.status == "active", WebhookEndpoint.owner_key_id.is_not(None),
                   or_(ApiKey.id.is_(None), ApiKey.revoked_at.is_not(None),
                       ApiKey.expires_at <= now)))
    gone = list(session.execute(stmt).scalars())
    for ep in gone:
        ep.status, ep.disabled_at, ep.disabled_reason = "disabled", now, OWNER_GONE_REASON
        ep.updated_at = now
        session.add(ep)
        notify_after_commit(session, ep.id)
    return [ep.id for ep in gone]
