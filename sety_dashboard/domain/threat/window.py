"""The time window and filters every threat query shares.

`since` defaults to 90 days before `until`; `until` defaults to now, or to
`at` when a score is asked for a moment in the past. Ages (recency weights)
are measured back from `until`, so the same data and the same `at` give the
same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sety_dashboard.core import clock
from sety_dashboard.core.timefmt import as_utc, iso
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.incidents.inputs import CATEGORIES

DEFAULT_DAYS = 90
MIN_RADIUS_M = 1.0
MAX_RADIUS_M = 50_000.0


@dataclass(frozen=True)
class ThreatWindow:
    since: datetime
    until: datetime
    categories: tuple[str, ...] | None = None

    @property
    def days(self) -> float:
        return (self.until - self.since).total_seconds() / 86_400.0

    @property
    def until_epoch(self) -> float:
        return self.until.timestamp()

    def period(self) -> dict[str, str | None]:
        return {"since": iso(self.since), "until": iso(self.until)}


def resolve_window(since: datetime | None = None, until: datetime | None = None,
                   categories: list[str] | None = None, at: datetime | None = None
                   ) -> ThreatWindow:
    now = clock.now()
    if until is not None:
        end = as_utc(until)
    elif at is not None and as_utc(at) < now:
        end = as_utc(at)
    else:
        end = now
    start = as_utc(since) if since is not None else end - timedelta(days=DEFAULT_DAYS)
    if start >= end:
        raise ValidationFailed("since: must be before until", "since", "invalid")
    cats = None
    if categories:
        unknown = [c for c in categories if c not in CATEGORIES]
        if unknown:
            raise ValidationFailed(
                f"category: unknown {', '.join(unknown)}; one of {', '.join(CATEGORIES)}",
                "category", "invalid_choice")
        cats = tuple(sorted(set(categories)))
    return ThreatWindow(start, end, cats)


def check_radius(radius_m: float, field: str = "radius_m") -> float:
    if not MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M:
        raise ValidationFailed(f"{field}: must be within [1, 50000] metres", field, "out_of_range")
    return float(radius_m)
