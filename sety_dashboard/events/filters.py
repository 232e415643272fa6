"""Event-type filters (`incident.*`, `access.checked_in`, `*`) and who may read what.

Used by the live stream (`?types=`) and by webhook endpoints (`events`), so
the two speak the same pattern language: `*` is the only wildcard and
matches any run of characters, so `incident.*` means every incident event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sety_dashboard.events.log import EVENT_TYPES

# Which API-key scope lets a caller read each family of events. A type whose
# family is not listed here can be read only by an `admin` key.
_FAMILY_SCOPES = {
    "incident": "incidents:read",
    "access": "access:read",
    "access_code": "access:read",
    "safe_zone": "threat:read",
    "ping": "webhooks:manage",
}
MAX_PATTERNS = 50
_PATTERN_RE = re.compile(r"^[a-z0-9_.*]{1,64}$")


class EventFilter:
    """A compiled list of type patterns; an empty list matches nothing."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = list(patterns)
        self._exact = {p for p in patterns if "*" not in p}
        self._regexes = [_compile(p) for p in patterns if "*" in p]

    def matches(self, event_type: str) -> bool:
        return event_type in self._exact or any(r.match(event_type) for r in self._regexes)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$")


def parse_patterns(value: str | Iterable[str] | None) -> list[str]:
    """Split `a,b` (or take a list), trim, drop empties and duplicates, keep order."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        item = str(item).strip()
        if item and item not in out:
            out.append(item)
    return out


def pattern_problem(pattern: str) -> str | None:
    """Why a pattern is unusable, or None: it must match at least one known type."""
    if not _PATTERN_RE.match(pattern):
        return f"{pattern!r} is not an event type pattern (letters, digits, _ . and * only)"
    if not any(_compile(pattern).match(t) for t in EVENT_TYPES):
        return (f"{pattern!r} matches no event type; known types: {', '.join(EVENT_TYPES)}")
    return None


def scope_for_type(event_type: str) -> str:
    family = event_type.split(".", 1)[0]
    return _FAMILY_SCOPES.get(family, "admin")


def readable_types(scopes: Iterable[str]) -> set[str]:
    """Every known event type a key with these scopes may read."""
    held = set(scopes)
    if "admin" in held:
        return set(EVENT_TYPES)
    return {t for t in EVENT_TYPES if scope_for_type(t) in held}


def readable_filter(patterns: Sequence[str], scopes: Iterable[str]) -> tuple[EventFilter, list[str]]:
    """The filter a caller gets, and the patterns it asked for but may read none of.

    `*` (or no `types`) means "everything this key may read"; a pattern that
    matches only types the key may not read is reported back so the caller
    can be told, rather than silently receiving nothing.
    """
    allowed = readable_types(scopes)
    wanted = EventFilter(patterns)
    refused = [p for p in patterns
               if not any(EventFilter([p]).matches(t) for t in allowed)]
    exact = sorted(t for t in allowed if wanted.matches(t))
    return EventFilter(exact), refused
