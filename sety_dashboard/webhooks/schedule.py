"""When to try a delivery again, and when an endpoint has failed for too long.

The rules live here once; the delivery queue only applies them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# Wait after the 1st, 2nd, … failed attempt (API.md: about 10 s, 1 min, 5 min,
# 30 min, 2 h, 6 h, 12 h, 24 h). After the 9th failed attempt a delivery is
# `failed`: about 45 hours of trying.
RETRY_DELAYS_S = (10, 60, 300, 1800, 7200, 21600, 43200, 86400)
MAX_ATTEMPTS = len(RETRY_DELAYS_S) + 1


def retry_delay(attempts: int) -> timedelta | None:
    """How long to wait after `attempts` failed attempts; None: give up."""
    if attempts < 1 or attempts > len(RETRY_DELAYS_S):
        return None
    return timedelta(seconds=RETRY_DELAYS_S[attempts - 1])


def should_disable(first_attempt_at: datetime | None, last_success_at: datetime | None) -> bool:
    """A delivery just ran out of retries: disable its endpoint?

    Yes when nothing at all reached the endpoint while this delivery was
    being tried (about 45 hours): the receiver is gone, not merely refusing
    one payload. One bad event among good ones does not disable anything.
    """
    return last_success_at is None or (first_attempt_at is not None
                                       and last_success_at < first_attempt_at)


def disabled_reason(attempts: int, last_error: str | None) -> str:
    hours = sum(RETRY_DELAYS_S) // 3600
    return (f"disabled automatically: {attempts} attempts over about {hours} h all failed "
            f"(last error: {last_error or 'unknown'}); fix the receiver, then set status to "
            "active again")[:500]
