"""Bus notices that webhook deliveries changed, for open admin screens.

Delivery attempts are not events (they are not in the event log and not on
the stream); but an admin watching the delivery log should see a retry
land without reloading. So the worker, after recording outcomes, publishes
a small notice on the bus. It has no `seq`: stream readers skip it.
The webhooks service announces endpoint changes the same way, once its
transaction commits, whoever made them (the API or the dashboard).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session

from sety_dashboard.events.bus import get_bus

log = logging.getLogger(__name__)

DELIVERIES_UPDATED = "webhook.deliveries_updated"


def notify_deliveries_changed(endpoint_ids: Iterable[str] = ()) -> None:
    """Tell every process that these endpoints' deliveries changed ([] = any)."""
    try:
        get_bus().publish({"type": DELIVERIES_UPDATED,
                           "data": {"endpoint_ids": sorted(set(endpoint_ids))}})
    except Exception:  # a notice is a nicety; the log in the database is the truth
        log.exception("publishing a webhook notice failed")


_PENDING = "sety_pending_webhook_notice"


def notify_after_commit(session: Session, endpoint_id: str | None) -> None:
    """Announce a change of this endpoint once `session` commits (None: "some endpoint")."""
    session.info.setdefault(_PENDING, set()).add(endpoint_id or "")


@event.listens_for(Session, "after_commit")
def _announce_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        notify_deliveries_changed(sorted(e for e in pending if e))


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
