"""Danger zones: clusters of incidents found with the Getis-Ord Gi* statistic.

Incidents are summed (severity × recency weight) per H3 resolution-9 cell
(≈0.1 km², edge ≈200 m). For each occupied cell, Gi* compares the sum over
the cell and its six neighbours (a neighbourhood ≈400 m across, the near-
repeat distance) with what the whole data set's average cell would give:

    Gi* = (Σ_N x − x̄·7) / (s · √((n·7 − 7²) / (n − 1)))

with x̄, s and n the mean, standard deviation and count of resolution-9
cells over the occupied area (baseline.py). Using the data set's parameters
rather than the viewport's keeps a zone the same wherever the map is panned.
Cells with Gi* ≥ 2.58 (p < 0.01) and at least MIN_INCIDENTS incidents in
their neighbourhood are hot; touching hot cells form one zone.

A zone is as dangerous as its densest cell (its score follows that cell's
weight per km² over the baseline's), so a zone that grows by a quieter cell
at its edge never looks safer than before. Its cells are its exact shape: a
place is inside a zone when it lies in one of them (`contains`).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import h3.api.basic_int as h3i
import numpy as np

from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.incidents.inputs import CATEGORIES
from sety_dashboard.domain.threat import weights as W
from sety_dashboard.domain.threat.baseline import ZONE_RES, Baseline
from sety_dashboard.domain.threat.geometry import (
    ancestors,
    cell_area_km2,
    cell_latlng,
    edge_m,
    haversine_m,
)
from sety_dashboard.domain.threat.points import Points, local_hours_weekdays

Z_CRITICAL = 2.58
MIN_INCIDENTS = 3
NEIGHBOURS = 7  # the cell and its ring


@dataclass(frozen=True, kw_only=True)
class ZoneCore:
    """What a zone is and how dangerous it is: all of it follows from its
    cells' weights and counts (no incident rows), so a place's score can
    take it from per-cell sums (cell_sums.py) and the danger-zone list from
    the incidents it read, and both get the same zone."""
    zone_id: str
    cells: frozenset[int]
    lng: float                  # centre: its cells' centres weighted by their weight
    lat: float
    radius_m: float
    score: float
    incident_count: int
    weight: float
    ratio: float
    peak_z: float
    peak_cell: int              # the densest cell (its score's and its name's source)
    name: str = ""

    @property
    def risk_level(self) -> str:
        return W.risk_level(self.score)

    @property
    def cap(self) -> float:
        """The highest safety score a place or stretch inside this zone may get."""
        return W.zone_cap(self.risk_level)

    def contains(self, lat: float, lng: float) -> bool:
        return h3i.latlng_to_cell(lat, lng, ZONE_RES) in self.cells

    def label(self) -> str:
        """How people call it: its place name, or where it is."""
        return f"near {self.name}" if self.name else f"at {self.lat:.4f}, {self.lng:.4f}"


@dataclass(frozen=True, kw_only=True)
class Zone(ZoneCore):
    """A zone with what its incidents tell (categories, hours, last one):
    what the danger-zone list and a route's hot spots show."""
    top_categories: list[str]
    peak_hours: list[int]
    last_incident_t: float

    def view(self) -> dict[str, Any]:
        return {
            "zone_id": self.zone_id,
            "name": self.name or f"Near {self.lat:.4f}, {self.lng:.4f}",
            "center": [round(self.lng, 6), round(self.lat, 6)],
            "radius_m": self.radius_m,
            "risk_level": self.risk_level,
            "score": round(self.score, 1),
            "incident_count": self.incident_count,
            "top_categories": self.top_categories,
            "peak_hours": self.peak_hours,
            "last_incident_at": iso(datetime.fromtimestamp(self.last_incident_t, UTC)),
            "relative_density": round(self.ratio, 2),
            "z_score": round(self.peak_z, 2),
            "cells": sorted(h3i.int_to_str(c) for c in self.cells),
        }


def zone_cells_of(points: Points) -> np.ndarray:
    """Resolution-9 cell id of each point (from its resolution-11 id)."""
    return ancestors(points.cell, ZONE_RES)


def find_zones(points: Points, baseline: Baseline, ref_epoch: float) -> list[Zone]:
    """Every danger zone among `points` (which should include a margin of at
    least one cell around the area of interest)."""
    if len(points) == 0 or not _usable(baseline):
        return []
    weights = points.weights(ref_epoch)
    cells9 = zone_cells_of(points)
    uniq, inverse = np.unique(cells9, return_inverse=True)
    sums = np.bincount(inverse, weights=weights)
    counts = np.bincount(inverse)
    hot = hot_cells(uniq, sums, counts, baseline)
    weight_of = dict(zip(uniq.tolist(), sums.tolist(), strict=True))
    count_of = dict(zip(uniq.tolist(), counts.tolist(), strict=True))
    zones = [_zone(_core(group, hot, weight_of, count_of, baseline), points, cells9)
             for group in _components(hot)]
    zones.sort(key=lambda z: (-z.score, z.zone_id))
    return zones


def hot_cells(cells: np.ndarray, sums: np.ndarray, counts: np.ndarray, baseline: Baseline,
              among: np.ndarray | None = None) -> dict[int, float]:
    """Gi* of each hot cell of `cells` (sorted, unique, with their sums and
    counts), or of those of `among` (a subset), vectorised."""
    ask = cells if among is None else among
    # Neighbourhood sums: each occupied cell's ring (pentagons have one
    # neighbour fewer: padded with 0, which is no cell).
    rings = np.array([(h3i.grid_disk(c, 1) + [0])[:NEIGHBOURS] for c in ask.tolist()],
                     dtype=np.int64).reshape(len(ask), NEIGHBOURS)
    at = np.clip(np.searchsorted(cells, rings), 0, len(cells) - 1)
    present = cells[at] == rings
    local = np.where(present, sums[at], 0.0).sum(axis=1)
    near = np.where(present, counts[at], 0).sum(axis=1)
    z = (local - baseline.zone_mean * NEIGHBOURS) / _gi_denominator(baseline)
    return {int(c): float(zc) for c, zc, k in zip(ask.tolist(), z, near, strict=True)
            if zc >= Z_CRITICAL and k >= MIN_INCIDENTS}


def settled_zones(baseline: Baseline, cells: np.ndarray, sums: np.ndarray, counts: np.ndarray
                  ) -> dict[int, tuple[ZoneCore, frozenset[int]]]:
    """Every zone of the baseline's own sums (`cells` sorted), by each of its
    cells, with the cells its answer depends on: a walk from any of its
    cells asks Gi* of the zone's cells and their neighbours, and each Gi*
    reads its cell's neighbourhood, so the zone is the same while the sums
    of the cells within two rings of it are."""
    if len(cells) == 0 or not _usable(baseline):
        return {}
    # A hot cell's neighbourhood reaches the threshold, so one of its seven
    # cells holds at least a seventh of it: only the occupied cells next to
    # such a heavy cell can be hot (a few thousand of ~50,000).
    threshold = baseline.zone_mean * NEIGHBOURS + Z_CRITICAL * _gi_denominator(baseline)
    heavy = cells[sums * NEIGHBOURS >= threshold].tolist()
    near_heavy = np.array(sorted({c for h in heavy for c in h3i.grid_disk(h, 1)}), dtype=np.int64)
    hot = hot_cells(cells, sums, counts, baseline, among=cells[np.isin(cells, near_heavy)])
    weight_of = dict(zip(cells.tolist(), sums.tolist(), strict=True))
    count_of = dict(zip(cells.tolist(), counts.tolist(), strict=True))
    out: dict[int, tuple[ZoneCore, frozenset[int]]] = {}
    for group in _components(hot):
        zone = ZoneCore(**_core(group, hot, weight_of, count_of, baseline))
        depends = frozenset(r for c in group for r in h3i.grid_disk(c, 2))
        for c in group:
            out[c] = (zone, depends)
    return out


def _usable(baseline: Baseline) -> bool:
    return baseline.zone_sd > 0 and baseline.zone_cells >= 2


def _gi_denominator(baseline: Baseline) -> float:
    n = baseline.zone_cells
    return baseline.zone_sd * math.sqrt((n * NEIGHBOURS - NEIGHBOURS ** 2) / (n - 1))


class CellSums:
    """Weight and incident count of each resolution-9 cell (a cell missing
    from the mappings holds nothing), and of each cell's neighbourhood."""

    def __init__(self, weight_of: Mapping[int, float], count_of: Mapping[int, float]) -> None:
        self.weight_of, self.count_of = weight_of, count_of

    def ring(self, cell: int) -> tuple[float, float]:
        """(weight, count) over the cell and its six neighbours."""
        ring = h3i.grid_disk(cell, 1)
        return (sum(self.weight_of.get(r, 0.0) for r in ring),
                sum(self.count_of.get(r, 0.0) for r in ring))


def zone_from_cells(sums: CellSums, baseline: Baseline, cell: int) -> ZoneCore | None:
    """The danger zone that holds resolution-9 `cell`, or None, from the
    cells' sums on current data: the same zone as picking it out of
    find_zones, computing Gi* only for the cells reached from `cell` through
    hot cells (a place's score needs one zone, not every zone around it)."""
    if not _usable(baseline):
        return None
    denom = _gi_denominator(baseline)

    def gi(c: int) -> float | None:
        """Gi* of an occupied cell when it is hot, else None."""
        if not sums.count_of.get(c, 0.0):
            return None
        weight, near = sums.ring(c)
        z = (weight - baseline.zone_mean * NEIGHBOURS) / denom
        return z if z >= Z_CRITICAL and near >= MIN_INCIDENTS else None

    first = gi(int(cell))
    if first is None:
        return None
    hot, seen, stack = {int(cell): first}, {int(cell)}, [int(cell)]
    while stack:
        for nb in h3i.grid_disk(stack.pop(), 1):
            if nb not in seen:
                seen.add(nb)
                z = gi(nb)
                if z is not None:
                    hot[nb] = z
                    stack.append(nb)
    group = sorted(hot)
    return ZoneCore(**_core(group, hot, {c: sums.weight_of[c] for c in group},
                            {c: sums.count_of[c] for c in group}, baseline))


def _components(hot: dict[int, float]) -> list[list[int]]:
    """Groups of touching hot cells, each in a stable order."""
    seen: set[int] = set()
    groups = []
    for start in sorted(hot):
        if start in seen:
            continue
        seen.add(start)
        stack, group = [start], []
        while stack:
            cell = stack.pop()
            group.append(cell)
            for nb in h3i.grid_disk(cell, 1):
                if nb in hot and nb not in seen:
                    seen.add(nb)
                    stack.append(nb)
        groups.append(sorted(group))
    return groups


def _core(group: list[int], hot: dict[int, float], weight_of: Mapping[int, float],
          count_of: Mapping[int, float], baseline: Baseline) -> dict[str, Any]:
    """A zone's ZoneCore fields from its sorted cells and their sums."""
    w = np.array([weight_of[c] for c in group], dtype=float)
    centres = np.array([cell_latlng(c) for c in group])
    lat = float((centres[:, 0] * w).sum() / w.sum())
    lng = float((centres[:, 1] * w).sum() / w.sum())
    reach = float(haversine_m(lat, lng, centres[:, 0], centres[:, 1]).max())
    # The densest member cell sets the zone's risk (see the module doc).
    peak = int(np.argmax(w))
    ratio = (float(w[peak]) / cell_area_km2(ZONE_RES) / baseline.weight_density
             if baseline.weight_density else 0.0)
    # A stable id: the zone's smallest cell names it for as long as it stays hot.
    digest = hashlib.sha1(f"{ZONE_RES}:{group[0]}".encode()).hexdigest()[:16]
    return {
        "zone_id": f"zone_{digest}", "cells": frozenset(group), "lng": lng, "lat": lat,
        "radius_m": math.ceil((reach + edge_m(ZONE_RES)) / 10.0) * 10.0,
        "score": W.zone_score(ratio), "ratio": ratio, "weight": float(w.sum()),
        "incident_count": int(round(sum(count_of[c] for c in group))),
        "peak_z": max(hot[c] for c in group), "peak_cell": int(group[peak])}


def _zone(core: dict[str, Any], points: Points, cells9: np.ndarray) -> Zone:
    """The full zone: its core and what its incidents tell."""
    mask = np.isin(cells9, np.array(sorted(core["cells"]), dtype=np.int64))
    cats = Counter(points.cat[mask].tolist())
    hours = Counter(local_hours_weekdays(points.t[mask])[0].tolist())
    return Zone(
        **core,
        top_categories=[CATEGORIES[c] for c, _ in
                        sorted(cats.items(), key=lambda kv: (-kv[1], CATEGORIES[kv[0]]))[:3]],
        peak_hours=[h for h, _ in sorted(hours.items(), key=lambda kv: (-kv[1], kv[0]))[:3]],
        last_incident_t=float(points.t[mask].max()))
