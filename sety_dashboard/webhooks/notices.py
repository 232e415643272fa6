"""Bus notices that webhook deliveries changed, for open admin screens.

Delivery attempts are not events (they are not in the event log and not on
the stream); but an admin watching the delivery log should see a retry
land without reloading. So the worker, after recording outcomes, publishes
a small notice on the bus. It has no `seq`: stream readers skip it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

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
