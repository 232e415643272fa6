"""Weight and incident count of every resolution-9 cell on current data,
without reading the cells' incidents: the cached baseline's per-cell sums
brought up to date by the few incidents whose weight changed since.

The baseline's pass (baseline.py) sums each resolution-9 cell over its
window: for a large data set a settled one, ending at the last whole hour H
with ages counted back from H. A request's window ends now (ages counted
back from now). An incident's weight is its severity times the recency band
of its age (weights.RECENCY_BANDS), a step function, so the two sums differ
only by incidents whose band or window membership differs between the two
references, and those lie in a few short stretches of time:

- written since H (in the request's window, not in the settled one);
- written at the start of the settled window, before the request's `since`
  (left the window since H);
- written within (now − H) of a band boundary before H: each boundary (14,
  30, 60, 90 days) crossed an incident or two since H, which changed band.

Each stretch is as long as the time since the hour (at most an hour, ~100
incidents on a million-incident 365-day data set), read through the time
index. Both sides of the difference are computed by the same SQL weight as
the baseline's own pass, so current = settled + change is exact: incidents
never change their time, place, severity, category or drill flag once
written (only their handling status), so nothing else can move the sums.
The one tolerance is floating point: the settled sums and the correction
are added in another order than a sum of the incidents would be (relative
differences of ~1e-15, which matter only to a Gi* or a zone score sitting
exactly on a threshold).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from functools import lru_cache

import h3.api.basic_int as h3i
import numpy as np
from sqlalchemy import TextClause
from sqlalchemy.orm import Session

from sety_dashboard.domain.threat import weights as W
from sety_dashboard.domain.threat.baseline import ZONE_RES, Baseline
from sety_dashboard.domain.threat.geometry import ancestors, key_to_cell, shift_for
from sety_dashboard.domain.threat.points import time_binds, weight_sql, window_filter
from sety_dashboard.domain.threat.window import ThreatWindow
from sety_dashboard.domain.threat.zones import CellSums


def settled_cells(baseline: Baseline) -> tuple[dict[int, float], dict[int, float]]:
    """(weight, count) of each resolution-9 cell over the baseline's window,
    keyed by cell id. Built once per baseline and kept on it, so it lives
    exactly as long as the cached baseline (an hour per window)."""
    cached = baseline.derived.get("cell_sums")
    if cached is None:
        cells, weight, count = settled_arrays(baseline)
        ids = cells.tolist()
        cached = (dict(zip(ids, weight.tolist(), strict=True)),
                  dict(zip(ids, count.tolist(), strict=True)))
        baseline.derived["cell_sums"] = cached
    return cached


def changed_spans(settled: ThreatWindow, window: ThreatWindow) -> list[tuple[datetime, datetime]]:
    """Closed time spans, merged and sorted, outside which an incident has
    the same window membership and the same recency band under both
    windows: between the two windows' starts, between their ends, and
    between the two places of each band boundary (counted back from each
    window's end)."""
    pairs = [(settled.since, window.since), (settled.until, window.until)]
    pairs += [(settled.until - timedelta(days=upper), window.until - timedelta(days=upper))
              for upper, _ in W.RECENCY_BANDS]
    spans = sorted((min(a, b), max(a, b)) for a, b in pairs if a != b)
    merged: list[tuple[datetime, datetime]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def changes_since(session: Session, settled: ThreatWindow, window: ThreatWindow
                  ) -> tuple[dict[int, float], dict[int, float]]:
    """(weight, count) to add to each resolution-9 cell's sums over
    `settled` to get its sums over `window` (only cells that changed)."""
    spans = changed_spans(settled, window)
    if not spans:
        return {}, {}
    _, new_p, _ = weight_sql(window, prefix="nb")
    _, old_p, _ = weight_sql(settled, prefix="ob")
    _, params = window_filter(window)
    params.update(new_p)
    params.update(old_p)
    params.update(osince=settled.since, ountil=settled.until)
    for i, (lo, hi) in enumerate(spans):
        params.update({f"lo{i}": lo, f"hi{i}": hi})
    stmt = _changes_statement(len(spans), bool(window.categories))
    weight: dict[int, float] = {}
    count: dict[int, float] = {}
    for k, w, n in session.execute(stmt, params).all():
        cell = key_to_cell(int(k), ZONE_RES)
        weight[cell] = float(w)
        count[cell] = float(n)
    return weight, count


@lru_cache(maxsize=16)
def _changes_statement(spans: int, categories: bool) -> TextClause:
    """The statement of changes_since for a number of spans (built once: its
    text depends on nothing else, and building it costs more than running it)."""
    window = ThreatWindow(datetime.min, datetime.max, ("x",) if categories else None)
    new_w, _, new_t = weight_sql(window, prefix="nb")
    old_w, _, old_t = weight_sql(window, prefix="ob")
    where, _ = window_filter(window)
    # The drill flag and categories are the same for both windows; only the
    # time bounds and the reference differ. One range scan of the time index
    # per span, all in one statement (an OR of ranges is not planned as
    # ranges; one statement is one round of binding).
    span_sql = where.replace("created_at >= :since AND created_at <= :until",
                             "created_at >= :lo{i} AND created_at <= :hi{i}")
    rows = " UNION ALL ".join(
        f"SELECT h3_r11, created_at, severity FROM incidents WHERE {span_sql.format(i=i)}"
        for i in range(spans))
    in_new = "created_at >= :since AND created_at <= :until"
    in_old = "created_at >= :osince AND created_at <= :ountil"
    return time_binds(
        f"SELECT h3_r11 >> {shift_for(ZONE_RES)} AS k,"
        f" SUM(CASE WHEN {in_new} THEN {new_w} ELSE 0 END)"
        f" - SUM(CASE WHEN {in_old} THEN {old_w} ELSE 0 END),"
        f" SUM(CASE WHEN {in_new} THEN 1 ELSE 0 END) - SUM(CASE WHEN {in_old} THEN 1 ELSE 0 END)"
        f" FROM ({rows}) AS changed GROUP BY k",
        ("osince", "ountil", *new_t, *old_t, *(f"{e}{i}" for i in range(spans)
                                               for e in ("lo", "hi"))),
        **({"cats": True} if categories else {}))


class CurrentCells(Mapping[int, float]):
    """Settled sums plus changes, read as one mapping cell → value."""

    def __init__(self, settled: dict[int, float], change: dict[int, float]) -> None:
        self._settled, self._change = settled, change

    def __getitem__(self, cell: int) -> float:
        if cell not in self._settled and cell not in self._change:
            raise KeyError(cell)
        return self._settled.get(cell, 0.0) + self._change.get(cell, 0.0)

    def get(self, cell: int, default: float = 0.0) -> float:  # type: ignore[override]
        # The hot path of a zone walk: two look-ups.
        settled, change = self._settled.get(cell), self._change.get(cell)
        if settled is None:
            return default if change is None else change
        return settled if change is None else settled + change

    def __iter__(self) -> Iterator[int]:
        return iter(set(self._settled) | set(self._change))

    def __len__(self) -> int:
        return len(set(self._settled) | set(self._change))


class CurrentSums(CellSums):
    """The cells' sums over a request's window: the baseline's plus the
    changes. A neighbourhood's sum is the baseline's (remembered on the
    baseline the first time a cell is asked: a zone's cells are asked again
    and again within the hour) plus the changes of its seven cells."""

    def __init__(self, baseline: Baseline, change_w: dict[int, float],
                 change_n: dict[int, float]) -> None:
        weight, count = settled_cells(baseline)
        super().__init__(CurrentCells(weight, change_w), CurrentCells(count, change_n))
        self._settled = CellSums(weight, count)
        self._rings: dict[int, tuple[float, float]] = baseline.derived.setdefault("rings", {})
        # A changed cell changes the neighbourhood sum of each cell of its ring.
        self._ring_change: dict[int, tuple[float, float]] = {}
        for cell, dw in change_w.items():
            dn = change_n.get(cell, 0.0)
            for r in h3i.grid_disk(cell, 1):
                w0, n0 = self._ring_change.get(r, (0.0, 0.0))
                self._ring_change[r] = (w0 + dw, n0 + dn)

    def ring(self, cell: int) -> tuple[float, float]:
        settled = self._rings.get(cell)
        if settled is None:
            settled = self._rings[cell] = self._settled.ring(cell)
        change = self._ring_change.get(cell)
        if change is None:
            return settled
        return settled[0] + change[0], settled[1] + change[1]


def current_sums(session: Session, baseline: Baseline, window: ThreatWindow) -> CellSums:
    """Each resolution-9 cell's sums over `window` on current data, from the
    baseline's (which cover `baseline.window`)."""
    if baseline.window is None or baseline.window == window:
        return CurrentSums(baseline, {}, {})
    return CurrentSums(baseline, *changes_since(session, baseline.window, window))


def settled_arrays(baseline: Baseline) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Resolution-9 cell ids (sorted), weights and counts over the
    baseline's window, kept on the baseline."""
    cached = baseline.derived.get("cell_arrays")
    if cached is None:
        order = np.argsort(baseline.zone_keys, kind="stable")
        cells = ancestors(baseline.zone_keys[order] << shift_for(ZONE_RES), ZONE_RES)
        cached = (cells, baseline.zone_weights[order], baseline.zone_counts[order])
        baseline.derived["cell_arrays"] = cached
    return cached


def current_arrays(session: Session, baseline: Baseline, window: ThreatWindow
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Resolution-9 cell ids, weights and counts over `window` on current
    data (cells left with no incident dropped; not sorted)."""
    cells, weight, count = settled_arrays(baseline)
    if baseline.window is None or baseline.window == window:
        return cells, weight, count
    dw, dn = changes_since(session, baseline.window, window)
    if not dw:
        return cells, weight, count
    changed = np.fromiter(dw, np.int64, len(dw))
    add_w = np.fromiter(dw.values(), float, len(dw))
    add_n = np.fromiter((dn[c] for c in dw), float, len(dw))
    at = np.clip(np.searchsorted(cells, changed), 0, max(len(cells) - 1, 0))
    known = (cells[at] == changed) if len(cells) else np.zeros(len(changed), bool)
    weight, count = weight.copy(), count.copy()
    np.add.at(weight, at[known], add_w[known])
    np.add.at(count, at[known], add_n[known])
    cells = np.concatenate([cells, changed[~known]])
    weight = np.concatenate([weight, add_w[~known]])
    count = np.concatenate([count, add_n[~known]])
    keep = count > 0
    return cells[keep], weight[keep], count[keep]
