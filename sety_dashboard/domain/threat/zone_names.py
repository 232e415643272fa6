"""Human names for danger zones, from the addresses of the incidents inside.

A dispatcher says "Oshodi, by the pedestrian bridge", not "zone_3fa1…". A
zone is named after the most common locality of its incidents' addresses
(the part before the city: "12 Ikorodu Road, Oshodi, Lagos" → "Oshodi";
with two parts, the last: "12 Ikorodu Road, Oshodi" → "Oshodi"), and,
when at least a quarter of them (and two or more) share a landmark, that
landmark: "Oshodi — near the pedestrian bridge". Ties go to the
alphabetically first, so a name is stable. A zone whose incidents carry no
address keeps no name (its view then says where it is in coordinates).

Addresses are not in the threat covering index, so a name is read from the
latest NAME_SAMPLE incidents of the zone's densest cell (its core), found
through the covering index (`h3_r11` range of the cell's descendants): one
small query per shown zone, whatever the zone's size.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from typing import TypeVar

import h3.api.basic_int as h3i
from sqlalchemy.orm import Session

from sety_dashboard.domain.threat.geometry import FINE_RES, INDEX_RES
from sety_dashboard.domain.threat.points import expanding_for, time_binds, window_filter
from sety_dashboard.domain.threat.window import ThreatWindow
from sety_dashboard.domain.threat.zones import ZoneCore

LANDMARK_SHARE = 0.25
NAME_SAMPLE = 60
MAX_NAME = 80
Z = TypeVar("Z", bound=ZoneCore)
_HOUSE_NUMBER = re.compile(r"^\s*(no\.?\s*)?\d+[a-z]?\s*,?\s+", re.IGNORECASE)


def locality(address: str | None) -> str | None:
    """The place part of an address: the part before the city (three parts or
    more), the last part (two), else the street without its house number."""
    if not address or not address.strip():
        return None
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if not parts:
        return None
    if len(parts) >= 3:
        place = parts[-2]
    elif len(parts) == 2:
        place = parts[-1]
    else:
        place = _HOUSE_NUMBER.sub("", parts[0])
    return place.strip() or None


def _most_common(values: Iterable[str]) -> tuple[str, int] | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))


def place_name(addresses: list[str | None], landmarks: list[str | None]) -> str:
    """The name of a group of incidents, or "" when none of them says where."""
    place = _most_common(loc for loc in (locality(a) for a in addresses) if loc)
    mark = _most_common((m or "").strip() for m in landmarks)
    n = max(len(addresses), 1)
    has_mark = mark is not None and mark[1] >= 2 and mark[1] / n >= LANDMARK_SHARE
    if place is None:
        return mark[0][:MAX_NAME] if has_mark and mark else ""
    name = f"{place[0]} — {mark[0]}" if has_mark and mark else place[0]
    return name[:MAX_NAME]


def _descendant_range(cell: int, res: int = FINE_RES) -> tuple[int, int]:
    """The smallest and largest resolution-`res` id under `cell`: an H3 id
    keeps its ancestors' digits in its high bits, so every descendant lies
    between them, and `h3_r11 BETWEEN` filters on the covering index."""
    kids = h3i.cell_to_children(cell, res) if res - h3i.get_resolution(cell) <= 2 else None
    if kids:
        return min(kids), max(kids)
    raise ValueError("resolution too fine")


def name_zones(session: Session, zones: list[Z], window: ThreatWindow) -> list[Z]:
    """The same zones, each with its `name`, from the latest NAME_SAMPLE
    incidents of its densest cell (its core): one small indexed query per
    zone, whatever the zone's size."""
    if not zones:
        return zones
    where, params = window_filter(window)
    stmt = time_binds("SELECT address, landmark FROM incidents"
                      f" WHERE h3_r8 = :parent AND {where} AND h3_r11 BETWEEN :lo AND :hi"
                      " ORDER BY created_at DESC LIMIT :n",
                      **expanding_for(window))
    named = []
    for zone in zones:
        cell = zone.peak_cell or min(zone.cells)
        lo, hi = _descendant_range(cell)
        rows = session.execute(stmt, {**params, "parent": h3i.cell_to_parent(cell, INDEX_RES),
                                      "lo": lo, "hi": hi, "n": NAME_SAMPLE}).all()
        named.append(dataclasses.replace(zone, name=place_name([r[0] for r in rows],
                                                               [r[1] for r in rows])))
    return named
