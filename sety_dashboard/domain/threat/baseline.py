"""The baseline: how dense incidents are across the whole data set.

A place is judged against the average of the places where incidents happen
at all: the total severity × recency weight of the window, divided by the
area of the resolution-7 cells (≈5 km²) that hold at least one incident.
Counting only occupied cells keeps sea, bush and cities without users from
diluting the average.

The same pass yields the mean and spread of weight per resolution-9 cell
over that area (the global parameters of the Getis-Ord statistic, see
zones.py) and the sorted incident rates of the occupied resolution-7 cells
(for percentiles).

One GROUP BY over the time-led covering index, the only query that reads
the whole window; so it is computed once per hour, not per request. For a
large data set the baseline ends at the last whole hour before `until` (and
starts at the whole hour before `since`): incidents already written there no
longer change, so the answer is a pure function of the data and the window,
and can be cached without asking whether anything was written since. One
hour more or less of data in a 90-day average moves it by about 0.05 %. A
small data set (fewer than EXACT_BELOW incidents up to that hour) is cheap to
read, so its baseline covers the exact window: a brand-new deployment is
judged by all of its data at once.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sety_dashboard.domain.threat.geometry import cell_area_km2, key_to_cell, shift_for
from sety_dashboard.domain.threat.points import time_binds, weight_sql, window_filter
from sety_dashboard.domain.threat.window import ThreatWindow

ZONE_RES = 9
AREA_RES = 7
COARSE_RES = 5


@dataclass(frozen=True)
class Baseline:
    count: int
    weight: float
    occupied_cells: int          # resolution-7 cells with at least one incident
    area_km2: float
    cell_rates: np.ndarray       # incidents per km² of each occupied res-7 cell, sorted
    zone_cells: int              # resolution-9 cells in the occupied area
    zone_mean: float             # mean weight per res-9 cell
    zone_sd: float               # standard deviation of weight per res-9 cell
    # Resolution-5 cells (≈250 km²) holding at least one incident: where Sety
    # has data at all (a path far from all of them is likely mistyped).
    occupied_r5: frozenset[int] = frozenset()
    # The same pass's resolution-9 keys (h3_r11 >> shift_for(9)), sorted, with
    # each cell's incident count and weight over `window`: brought up to date
    # by cell_sums.py, they give a place's danger zone without reading its
    # incidents.
    zone_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False,
                                  compare=False)
    zone_counts: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False,
                                    compare=False)
    zone_weights: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False,
                                     compare=False)
    # The window this pass covered (a settled one for a large data set).
    window: ThreatWindow | None = field(default=None, compare=False)
    # Things derived from this baseline, built once on first use and dropped
    # with it (same cache, same lifetime): see cell_sums.settled_cells.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def weight_density(self) -> float:
        """Weight per km² over the occupied area (0 when there is no data)."""
        return self.weight / self.area_km2 if self.area_km2 else 0.0

    @property
    def rate_per_km2(self) -> float:
        return self.count / self.area_km2 if self.area_km2 else 0.0

    def percentile(self, rate: float) -> float:
        """Share (0–100) of occupied cells whose rate is below `rate` (ties half)."""
        n = len(self.cell_rates)
        if n == 0:
            return 0.0
        below = np.searchsorted(self.cell_rates, rate, side="left")
        upto = np.searchsorted(self.cell_rates, rate, side="right")
        return round(100.0 * (below + 0.5 * (upto - below)) / n, 1)


EXACT_BELOW = 5_000
_lock = threading.Lock()
_cache: weakref.WeakKeyDictionary[Engine, dict[tuple, Baseline]] = weakref.WeakKeyDictionary()


def _floor_hour(dt: datetime) -> datetime:
    return dt.replace(minute=0, second=0, microsecond=0)


def settled_window(window: ThreatWindow) -> ThreatWindow:
    """The window the baseline uses for a large data set: whole hours only."""
    return ThreatWindow(_floor_hour(window.since), _floor_hour(window.until) - timedelta(
        microseconds=1), window.categories)


def baseline_for(session: Session, window: ThreatWindow) -> Baseline:
    settled = settled_window(window)
    bind = session.get_bind()
    engine = getattr(bind, "_proxied", bind)  # the write engine is an OptionEngine over it
    key = (settled.since, settled.until, settled.categories)
    with _lock:
        value = _cache.get(engine, {}).get(key)
    if value is None and settled.since < settled.until:
        value = compute_baseline(session, settled)
        with _lock:
            entries = _cache.setdefault(engine, {})
            if len(entries) > 64:
                entries.clear()
            entries[key] = value
    if value is None or value.count < EXACT_BELOW:
        return compute_baseline(session, window)
    return value


def cached_baseline(session: Session, window: ThreatWindow) -> Baseline | None:
    """The settled baseline of `window` when one is cached and the data set
    is large (else None: nothing is computed here)."""
    settled = settled_window(window)
    bind = session.get_bind()
    engine = getattr(bind, "_proxied", bind)
    with _lock:
        value = _cache.get(engine, {}).get((settled.since, settled.until, settled.categories))
    return value if value is not None and value.count >= EXACT_BELOW else None


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def compute_baseline(session: Session, window: ThreatWindow) -> Baseline:
    where, params = window_filter(window)
    wsql, wparams, times = weight_sql(window)
    params.update(wparams)
    stmt = time_binds(
        f"SELECT h3_r11 >> {shift_for(ZONE_RES)} AS k, COUNT(*), SUM({wsql})"
        f" FROM incidents WHERE {where} GROUP BY k", times,
        **({"cats": True} if window.categories else {}))
    rows = session.execute(stmt, params).all()
    if not rows:
        return Baseline(0, 0.0, 0, 0.0, np.zeros(0), 0, 0.0, 0.0, window=window)
    keys = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    counts = np.fromiter((r[1] for r in rows), float, len(rows))
    weights = np.fromiter((r[2] for r in rows), float, len(rows))
    # Parent res-7 key of each res-9 key: two more digits (3 bits each) off.
    parents, inverse = np.unique(keys >> (3 * (ZONE_RES - AREA_RES)), return_inverse=True)
    per_parent = np.bincount(inverse, weights=counts)
    area7 = cell_area_km2(AREA_RES)
    occupied = len(parents)
    n9 = occupied * 7 ** (ZONE_RES - AREA_RES)
    total_w = float(weights.sum())
    mean = total_w / n9
    var = max(0.0, float((weights ** 2).sum()) / n9 - mean * mean)
    return Baseline(
        count=int(counts.sum()), weight=total_w, occupied_cells=occupied,
        area_km2=occupied * area7, cell_rates=np.sort(per_parent / area7), zone_cells=n9,
        zone_mean=mean, zone_sd=float(np.sqrt(var)),
        zone_keys=keys, zone_counts=counts, zone_weights=weights, window=window,
        occupied_r5=frozenset(key_to_cell(int(k), COARSE_RES)
                              for k in np.unique(parents >> (3 * (AREA_RES - COARSE_RES)))))
