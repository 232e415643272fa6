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
from collections.abc import Callable
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
    INDEX_RES,
    cell_area_km2,
    edge_m,
    haversine_m,
    shift_for,
)
from sety_dashboard.domain.threat.points import Points, concat_points, local_hours_weekdays

Z_CRITICAL = 2.58
MIN_INCIDENTS = 3
NEIGHBOURS = 7  # the cell and its ring


@dataclass(frozen=True)
class Zone:
    zone_id: str
    cells: frozenset[int]
    lng: float
    lat: float
    radius_m: float
    score: float
    incident_count: int
    weight: float
    ratio: float
    peak_z: float
    top_categories: list[str]
    peak_hours: list[int]
    last_incident_t: float
    name: str = ""
    peak_cell: int = 0          # the densest cell (its score's and its name's source)

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
    s = shift_for(ZONE_RES)
    res_mask = np.int64(0xF << 52)
    cells = (points.cell >> s << s) | np.int64((1 << s) - 1)
    return (cells & ~res_mask) | np.int64(ZONE_RES << 52)


def find_zones(points: Points, baseline: Baseline, ref_epoch: float) -> list[Zone]:
    """Every danger zone among `points` (which should include a margin of at
    least one cell around the area of interest)."""
    if len(points) == 0 or baseline.zone_sd <= 0 or baseline.zone_cells < 2:
        return []
    weights = points.weights(ref_epoch)
    cells9 = zone_cells_of(points)
    uniq, inverse = np.unique(cells9, return_inverse=True)
    sums = np.bincount(inverse, weights=weights)
    counts = np.bincount(inverse)
    # Neighbourhood sums, vectorised: each occupied cell's ring (pentagons
    # have one neighbour fewer: padded with 0, which is no cell).
    rings = np.array([(h3i.grid_disk(c, 1) + [0])[:NEIGHBOURS] for c in uniq.tolist()],
                     dtype=np.int64).reshape(len(uniq), NEIGHBOURS)
    at = np.clip(np.searchsorted(uniq, rings), 0, len(uniq) - 1)
    present = uniq[at] == rings
    local = np.where(present, sums[at], 0.0).sum(axis=1)
    near = np.where(present, counts[at], 0).sum(axis=1)

    z = (local - baseline.zone_mean * NEIGHBOURS) / _gi_denominator(baseline)
    hot = {int(c): float(zc) for c, zc, k in zip(uniq.tolist(), z, near, strict=True)
           if zc >= Z_CRITICAL and k >= MIN_INCIDENTS}
    zones = [_zone(group, hot, points, weights, cells9, baseline)
             for group in _components(hot)]
    zones.sort(key=lambda z: (-z.score, z.zone_id))
    return zones


def _gi_denominator(baseline: Baseline) -> float:
    n = baseline.zone_cells
    return baseline.zone_sd * math.sqrt((n * NEIGHBOURS - NEIGHBOURS ** 2) / (n - 1))


def zone_at(points: Points, baseline: Baseline, ref_epoch: float, cell: int,
            fetch: Callable[[list[int]], Points] | None = None,
            fetched: set[int] | None = None) -> Zone | None:
    """The danger zone that holds resolution-9 `cell`, or None: the same
    answer as picking it out of find_zones, but computing Gi* only for the
    cells reached from `cell` through hot cells (a place's score needs one
    zone, not every zone around it).

    With `fetch` (index cells → their points) and `fetched` (the index cells
    `points` already cover), the neighbourhoods the walk needs are read as it
    goes: the zone is followed however far it reaches, and a place whose
    cell is not hot reads nothing more."""
    if len(points) == 0 or baseline.zone_sd <= 0 or baseline.zone_cells < 2:
        return None
    parts: list[Points] = []
    sums: dict[int, float] = {}
    counts: dict[int, int] = {}

    def add(pts: Points) -> None:
        if len(pts) == 0:
            return
        parts.append(pts)
        uniq, inverse = np.unique(zone_cells_of(pts), return_inverse=True)
        w = np.bincount(inverse, weights=pts.weights(ref_epoch))
        k = np.bincount(inverse)
        for c, a, b in zip(uniq.tolist(), w.tolist(), k.tolist(), strict=True):
            sums[c] = sums.get(c, 0.0) + a
            counts[c] = counts.get(c, 0) + b

    add(points)
    have = fetched if fetched is not None else set()
    denom = _gi_denominator(baseline)

    def gi(c: int) -> float | None:
        """Gi* of an occupied cell when it is hot, else None."""
        ring = h3i.grid_disk(c, 1)
        if fetch is not None:
            need = {h3i.cell_to_parent(r, INDEX_RES) for r in ring} - have
            if need:
                # One ring more than needed: a zone that goes on is read in a
                # few larger steps rather than cell by cell.
                need = {c for n in need for c in h3i.grid_disk(n, 1)} - have
                have.update(need)
                add(fetch(sorted(need)))
        if c not in sums:
            return None
        z = (sum(sums.get(r, 0.0) for r in ring) - baseline.zone_mean * NEIGHBOURS) / denom
        near = sum(counts.get(r, 0) for r in ring)
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
    everything = parts[0] if len(parts) == 1 else concat_points(*parts)
    return _zone(sorted(hot), hot, everything, everything.weights(ref_epoch),
                 zone_cells_of(everything), baseline)


def settled_zone_cells(baseline: Baseline, cell: int) -> frozenset[int]:
    """The cells of the zone that held resolution-9 `cell` when `baseline`
    was taken (empty when none did), from the per-cell sums of the
    baseline's own pass: a hint of how far a zone reaches, so its
    neighbourhoods can be read in one query. Never an answer: zone_at still
    decides on the current data (this hour's incidents can grow, shrink or
    make a zone), so a stale hint costs time, never a cap.

    Built once per baseline and kept on it: it lives exactly as long as the
    cached baseline (an hour per window), and two workers build the same map
    from the same settled hours."""
    groups = baseline.derived.get("zone_groups")
    if groups is None:
        groups = _settled_groups(baseline)
        baseline.derived["zone_groups"] = groups
    return groups.get(int(cell), frozenset())


def _settled_groups(baseline: Baseline) -> dict[int, frozenset[int]]:
    keys = baseline.zone_keys
    if len(keys) == 0 or baseline.zone_sd <= 0 or baseline.zone_cells < 2:
        return {}
    s = shift_for(ZONE_RES)
    to_cell = np.int64((1 << s) - 1)
    res_mask = np.int64(0xF << 52)
    cells = ((keys << s | to_cell) & ~res_mask) | np.int64(ZONE_RES << 52)
    weight = dict(zip(cells.tolist(), baseline.zone_weights.tolist(), strict=True))
    count = dict(zip(cells.tolist(), baseline.zone_counts.tolist(), strict=True))
    threshold = baseline.zone_mean * NEIGHBOURS + Z_CRITICAL * _gi_denominator(baseline)
    # A hot cell's neighbourhood sum reaches the threshold, so one of its 7
    # cells holds at least a seventh of it: only cells next to such a heavy
    # cell need their Gi* computed (a few hundred, not every occupied cell).
    heavy = cells[baseline.zone_weights * NEIGHBOURS >= threshold].tolist()
    candidates = {c for h in heavy for c in h3i.grid_disk(h, 1) if c in weight}
    hot: dict[int, float] = {}
    for c in candidates:
        ring = h3i.grid_disk(c, 1)
        if (sum(weight.get(r, 0.0) for r in ring) >= threshold
                and sum(count.get(r, 0) for r in ring) >= MIN_INCIDENTS):
            hot[c] = 1.0
    groups: dict[int, frozenset[int]] = {}
    for group in _components(hot):
        members = frozenset(group)
        for c in group:
            groups[c] = members
    return groups


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


def _zone(group: list[int], hot: dict[int, float], points: Points, weights: np.ndarray,
          cells9: np.ndarray, baseline: Baseline) -> Zone:
    mask = np.isin(cells9, np.array(group, dtype=np.int64))
    w = weights[mask]
    lat = float((points.lat[mask] * w).sum() / w.sum())
    lng = float((points.lng[mask] * w).sum() / w.sum())
    centres = np.array([h3i.cell_to_latlng(c) for c in group])
    reach = float(haversine_m(lat, lng, centres[:, 0], centres[:, 1]).max())
    radius = math.ceil((reach + edge_m(ZONE_RES)) / 10.0) * 10.0
    # The densest member cell sets the zone's risk (see the module doc).
    member_w = np.bincount(np.searchsorted(np.array(group, dtype=np.int64), cells9[mask]),
                           weights=w, minlength=len(group))
    peak = float(member_w.max()) / cell_area_km2(ZONE_RES)
    ratio = peak / baseline.weight_density if baseline.weight_density else 0.0
    cats = Counter(points.cat[mask].tolist())
    hours = Counter(local_hours_weekdays(points.t[mask])[0].tolist())
    # A stable id: the zone's smallest cell names it for as long as it stays hot.
    digest = hashlib.sha1(f"{ZONE_RES}:{group[0]}".encode()).hexdigest()[:16]
    return Zone(
        zone_id=f"zone_{digest}", cells=frozenset(group), lng=lng, lat=lat, radius_m=radius,
        score=W.zone_score(ratio), incident_count=int(mask.sum()), weight=float(w.sum()),
        ratio=ratio, peak_z=max(hot[c] for c in group),
        top_categories=[CATEGORIES[c] for c, _ in
                        sorted(cats.items(), key=lambda kv: (-kv[1], CATEGORIES[kv[0]]))[:3]],
        peak_hours=[h for h, _ in sorted(hours.items(), key=lambda kv: (-kv[1], kv[0]))[:3]],
        last_incident_t=float(points.t[mask].max()),
        peak_cell=int(group[int(np.argmax(member_w))]))
