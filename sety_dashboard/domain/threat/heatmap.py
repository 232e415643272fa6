"""The heatmap: incidents per H3 cell of a bounding box, one GROUP BY.

Cells that overlap the box are listed with their whole counts (so edge cells
draw the same whatever the viewport). The query seeks the resolution-8 cells
under the requested ones in the area index and groups by the requested
resolution's key, derived from `h3_r11` (geometry.shift_for).
"""

from __future__ import annotations

import math
from typing import Any

import h3.api.basic_int as h3i
import numpy as np
from sqlalchemy.orm import Session

from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.threat.baseline import ZONE_RES, Baseline, cached_baseline
from sety_dashboard.domain.threat.cell_sums import current_arrays
from sety_dashboard.domain.threat.geometry import (
    INDEX_RES,
    BBox,
    ancestors,
    cell_area_km2,
    cell_latlng,
    cell_str,
    edge_m,
    key_to_cell,
    shift_for,
)
from sety_dashboard.domain.threat.points import (
    expanding_for,
    time_binds,
    weight_sql,
    window_filter,
)
from sety_dashboard.domain.threat.window import ThreatWindow

MIN_RES, MAX_RES, DEFAULT_RES = 5, 11, 8
# A box may cover at most this many cells of the asked resolution: beyond it
# the box must shrink or the resolution coarsen (no screen shows more).
MAX_CELLS = 200_000
# Beyond this many index cells, one pass over the time index is cheaper than
# thousands of seeks.
MAX_SEEK_CELLS = 6_000


def check_resolution(resolution: int) -> int:
    if not MIN_RES <= resolution <= MAX_RES:
        raise ValidationFailed("resolution: must be an H3 resolution from 5 to 11",
                               "resolution", "out_of_range")
    return resolution


def heatmap(session: Session, *, bbox: BBox, resolution: int, window: ThreatWindow
            ) -> dict[str, Any]:
    check_resolution(resolution)
    estimate = bbox.area_km2() / cell_area_km2(resolution)
    if estimate > MAX_CELLS:
        raise ValidationFailed(
            f"bbox: about {int(estimate)} cells at resolution {resolution} (at most {MAX_CELLS});"
            " zoom in or choose a coarser resolution", "bbox", "too_large")
    cells = []
    for cell, (count, weight) in _per_cell(session, bbox, resolution, window).items():
        lat, lng = cell_latlng(cell)
        cells.append((weight, cell_str(cell), count, lng, lat))
    # Heaviest first; equal weights in cell-id order, so the answer is stable.
    cells.sort(key=lambda c: (-c[0], c[1]))
    out = [{"cell_id": cid, "center": [round(lng, 6), round(lat, 6)], "count": count,
            "weight": round(weight, 3)} for weight, cid, count, lng, lat in cells]
    return {
        "bbox": bbox.as_list(), "resolution": resolution, "cells": out,
        "max_weight": out[0]["weight"] if out else 0.0,
        "total": sum(c["count"] for c in out),
        "period": window.period(),
    }


def _overlapping(bbox: BBox, resolution: int) -> tuple[set[int] | None, set[int] | None]:
    """The cells of `resolution` that overlap the box, and the index cells to
    seek for them.

    Finer than the index, the first is None: a cell then overlaps when its
    centre is within one edge of the box, which is cheaper than listing up to
    200,000 cells. The second is None when the box holds more index cells
    than are worth seeking one by one: the time index is read instead.
    """
    many = bbox.area_km2() / cell_area_km2(INDEX_RES) > MAX_SEEK_CELLS
    wanted = None
    if resolution <= INDEX_RES:
        wanted = set(h3i.h3shape_to_cells_experimental(bbox.polygon(), resolution,
                                                       contain="overlap"))
    if many:
        return wanted, None
    if resolution == INDEX_RES:
        return wanted, wanted
    if wanted is None:
        return None, set(h3i.h3shape_to_cells_experimental(bbox.polygon(), INDEX_RES,
                                                           contain="overlap"))
    under: set[int] = set()
    for c in wanted:
        under.update(h3i.cell_to_children(c, INDEX_RES))
    return wanted, under


def _near_box(bbox: BBox, lat: float, lng: float, margin_m: float) -> bool:
    dlat = margin_m / 110_574.0
    dlng = margin_m / (111_320.0 * max(0.01, math.cos(math.radians(lat))))
    return (bbox.min_lat - dlat <= lat <= bbox.max_lat + dlat
            and bbox.min_lng - dlng <= lng <= bbox.max_lng + dlng)


def _per_cell(session: Session, bbox: BBox, resolution: int, window: ThreatWindow
              ) -> dict[int, tuple[int, float]]:
    """(count, weight) per cell at `resolution` for the cells overlapping the box."""
    wanted, index_cells = _overlapping(bbox, resolution)
    if wanted is not None and not wanted:
        return {}
    base = cached_baseline(session, window) if resolution <= ZONE_RES else None
    if base is not None:
        out = _from_cell_sums(session, base, window, resolution, wanted, index_cells)
    else:
        out = _from_incidents(session, resolution, window, index_cells)
    if wanted is not None:
        return {c: v for c, v in out.items() if c in wanted}
    margin = edge_m(resolution)
    return {c: v for c, v in out.items() if _near_box(bbox, *cell_latlng(c), margin)}


def _from_cell_sums(session: Session, base: Baseline, window: ThreatWindow, resolution: int,
                    wanted: set[int] | None, index_cells: set[int] | None
                    ) -> dict[int, tuple[int, float]]:
    """(count, weight) per cell from the hour's resolution-9 sums and the
    changes since (cell_sums.py): no incident row is read. The same cells
    as _from_incidents: an incident's cells are the ancestors of its
    resolution-11 cell (geo/cells.py), so a cell's sums are its
    resolution-9 descendants' sums."""
    cells9, weight, count = current_arrays(session, base, window)
    if resolution == ZONE_RES and index_cells is not None and len(index_cells) <= MAX_SEEK_CELLS:
        # As the query: only incidents of the index cells it seeks.
        keep = np.isin(ancestors(cells9, INDEX_RES), np.fromiter(index_cells, np.int64))
        cells9, weight, count = cells9[keep], weight[keep], count[keep]
    cells = ancestors(cells9, resolution)
    if wanted is not None:
        keep = np.isin(cells, np.fromiter(wanted, np.int64))
        cells, weight, count = cells[keep], weight[keep], count[keep]
    uniq, inverse = np.unique(cells, return_inverse=True)
    sums = np.bincount(inverse, weights=weight)
    counts = np.bincount(inverse, weights=count)
    return {c: (int(round(k)), w) for c, k, w in
            zip(uniq.tolist(), counts.tolist(), sums.tolist(), strict=True)}


def _from_incidents(session: Session, resolution: int, window: ThreatWindow,
                    index_cells: set[int] | None) -> dict[int, tuple[int, float]]:
    """(count, weight) per cell, one GROUP BY over the incidents."""
    where, params = window_filter(window)
    wsql, wparams, times = weight_sql(window)
    params.update(wparams)
    seek = index_cells is not None and len(index_cells) <= MAX_SEEK_CELLS
    # At resolution 8 and coarser, group on h3_r8 itself: the index hands rows
    # over in h3_r8 order, so SQLite groups without sorting; coarser cells are
    # summed here. Finer ones group on their key derived from h3_r11.
    fine = resolution > INDEX_RES or not seek
    key = f"h3_r11 >> {shift_for(resolution)}" if fine else "h3_r8"
    if seek:
        # Integer literals (our own H3 ids, never user text): thousands of
        # bound parameters cost SQLAlchemy more to render than SQLite to parse.
        area = f"h3_r8 IN ({','.join(str(int(c)) for c in sorted(index_cells or ()))}) AND "
        expanding = expanding_for(window)
    else:
        area, expanding = "", expanding_for(window)
    stmt = time_binds(f"SELECT {key} AS k, COUNT(*), SUM({wsql}) FROM incidents"
                      f" WHERE {area}{where} GROUP BY k", times, **expanding)
    out: dict[int, tuple[int, float]] = {}
    for k, count, weight in session.execute(stmt, params).all():
        if fine:
            cell = key_to_cell(k, resolution)
        elif resolution < INDEX_RES:
            cell = h3i.cell_to_parent(k, resolution)
        else:
            cell = k
        c0, w0 = out.get(cell, (0, 0.0))
        out[cell] = (c0 + int(count), w0 + float(weight))
    return out
