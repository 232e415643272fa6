"""The danger zone a place lies in on current data (what caps its score).

Every zone of the cached hour's own sums is found once per baseline, in one
vectorised pass (kept on the baseline, built by the warmer for the default
window), each with the cells it depends on (zones.settled_zones). A
request reads what changed since the hour (cell_sums.changes_since: every
cell with an incident in the changed stretches, even one whose sums came
out equal). When none of those cells is among the ones a zone depends on,
that zone is the current zone, exactly, and so is its name (read from its
densest cell, one of them); otherwise, or when the place's cell was not hot
at the hour, the zone is followed from the place over the current sums
(zones.zone_from_cells), which for a cell that is not hot now costs one
neighbourhood look-up.
"""

from __future__ import annotations

import threading

from sqlalchemy.orm import Session

from sety_dashboard.domain.threat.baseline import Baseline
from sety_dashboard.domain.threat.cell_sums import CurrentSums, changes_since, settled_arrays
from sety_dashboard.domain.threat.window import ThreatWindow
from sety_dashboard.domain.threat.zone_names import name_zones
from sety_dashboard.domain.threat.zones import ZoneCore, settled_zones, zone_from_cells

_lock = threading.Lock()


def hour_zones(base: Baseline) -> dict[int, tuple[ZoneCore, frozenset[int]]]:
    """The baseline's zones by cell, built once per baseline."""
    found = base.derived.get("zones")
    if found is None:
        with _lock:   # one build per baseline, however many requests ask at once
            found = base.derived.get("zones")
            if found is None:
                found = base.derived["zones"] = settled_zones(base, *settled_arrays(base))
    return found


def place_zone(session: Session, base: Baseline, window: ThreatWindow, cell: int
               ) -> ZoneCore | None:
    """The named zone holding resolution-9 `cell` over `window`, or None."""
    if base.window is None or base.window == window:
        change_w, change_n = {}, {}
    else:
        change_w, change_n = changes_since(session, base.window, window)
    settled = hour_zones(base).get(cell)
    if settled is not None and settled[1].isdisjoint(change_w):
        return _named(session, base, settled[0])
    current = zone_from_cells(CurrentSums(base, change_w, change_n), base, cell)
    return name_zones(session, [current], window)[0] if current is not None else None


def _named(session: Session, base: Baseline, zone: ZoneCore) -> ZoneCore:
    """The hour's zone with its name over the baseline's window (the same as
    now while its cells are unchanged), remembered with it."""
    names: dict[str, ZoneCore] = base.derived.setdefault("zone_names", {})
    named = names.get(zone.zone_id)
    if named is None:
        window = base.window
        named = names[zone.zone_id] = (name_zones(session, [zone], window)[0]
                                       if window is not None else zone)
    return named
