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

from sqlalchemy.orm import Session

from sety_dashboard.domain.threat import weights as W
from sety_dashboard.domain.threat.baseline import ZONE_RES, Baseline
from sety_dashboard.domain.threat.geometry import key_to_cell, shift_for
from sety_dashboard.domain.threat.points import expanding_for, time_binds, weight_sql, window_filter
from sety_dashboard.domain.threat.window import ThreatWindow


def settled_cells(baseline: Baseline) -> tuple[dict[int, float], dict[int, float]]:
    """(weight, count) of each resolution-9 cell over the baseline's window,
    keyed by cell id. Built once per baseline and kept on it, so it lives
    exactly as long as the cached baseline (an hour per window)."""
    cached = baseline.derived.get("cell_sums")
    if cached is None:
        cells = [key_to_cell(int(k), ZONE_RES) for k in baseline.zone_keys.tolist()]
        cached = (dict(zip(cells, baseline.zone_weights.tolist(), strict=True)),
                  dict(zip(cells, baseline.zone_counts.tolist(), strict=True)))
        baseline.derived["cell_sums"] = cached
    return cached


def changed_spans(settled: ThreatWindow, window: ThreatWindow) -> list[tuple[datetime, datetime]]:
    """Closed time spans, merged and sorted, outside which an incident has
    the same window membership and the same recency band under both
    windows (each band's boundary and each window's ends moved by at most
    the time between the two `until`s)."""
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
    new_w, new_p, new_t = weight_sql(window, prefix="nb")
    old_w, old_p, old_t = weight_sql(settled, prefix="ob")
    where, params = window_filter(window)
    # The drill flag and categories are the same for both windows; only the
    # time bounds and the reference differ.
    common = where.replace("created_at >= :since AND created_at <= :until", "created_at >= :lo "
                           "AND created_at <= :hi")
    in_new = "created_at >= :since AND created_at <= :until"
    in_old = "created_at >= :osince AND created_at <= :ountil"
    stmt = time_binds(
        f"SELECT h3_r11 >> {shift_for(ZONE_RES)} AS k,"
        f" SUM(CASE WHEN {in_new} THEN {new_w} ELSE 0 END)"
        f" - SUM(CASE WHEN {in_old} THEN {old_w} ELSE 0 END),"
        f" SUM(CASE WHEN {in_new} THEN 1 ELSE 0 END) - SUM(CASE WHEN {in_old} THEN 1 ELSE 0 END)"
        f" FROM incidents WHERE {common} GROUP BY k",
        ("lo", "hi", "osince", "ountil", *new_t, *old_t), **expanding_for(window))
    params.update(new_p)
    params.update(old_p)
    params.update(osince=settled.since, ountil=settled.until)
    weight: dict[int, float] = {}
    count: dict[int, float] = {}
    # One short range scan of the time index per span (an OR of ranges would
    # not be planned as one).
    for lo, hi in spans:
        for k, w, n in session.execute(stmt, {**params, "lo": lo, "hi": hi}).all():
            cell = key_to_cell(int(k), ZONE_RES)
            weight[cell] = weight.get(cell, 0.0) + float(w)
            count[cell] = count.get(cell, 0.0) + float(n)
    return weight, count


class CurrentCells(Mapping[int, float]):
    """Settled sums plus changes, read as one mapping cell → value."""

    def __init__(self, settled: dict[int, float], change: dict[int, float]) -> None:
        self._settled, self._change = settled, change

    def __getitem__(self, cell: int) -> float:
        if cell not in self._settled and cell not in self._change:
            raise KeyError(cell)
        return self._settled.get(cell, 0.0) + self._change.get(cell, 0.0)

    def get(self, cell: int, default: float = 0.0) -> float:  # type: ignore[override]
        if cell not in self._settled and cell not in self._change:
            return default
        return self._settled.get(cell, 0.0) + self._change.get(cell, 0.0)

    def __iter__(self) -> Iterator[int]:
        return iter(set(self._settled) | set(self._change))

    def __len__(self) -> int:
        return len(set(self._settled) | set(self._change))


def current_cells(session: Session, baseline: Baseline, window: ThreatWindow
                  ) -> tuple[Mapping[int, float], Mapping[int, float]]:
    """(weight, count) of each resolution-9 cell over `window` on current
    data, from the baseline's sums (which cover `baseline.window`)."""
    weight, count = settled_cells(baseline)
    if baseline.window is None or baseline.window == window:
        return weight, count
    dw, dn = changes_since(session, baseline.window, window)
    return CurrentCells(weight, dw), CurrentCells(count, dn)

