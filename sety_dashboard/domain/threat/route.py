"""Route safety: the corridor along a path, scored piece by piece.

The path is cut into equal pieces (≥250 m, at most 50). Incidents within
`buffer_m` of the path belong to the piece their nearest spot on the path
falls in; each piece is scored like a place (score.assess) with its
corridor's area. Danger zones are found over the corridor and a margin
around it (zones.py); a piece whose corridor touches a zone's cell scores at
most the zone's cap (weights.ZONE_CAPS), and those zones are the route's hot
spots. The route's score and grade are its worst piece's: one dangerous
stretch is not averaged away by kilometres of quiet road.
"""

from __future__ import annotations

from typing import Any

import h3.api.basic_int as h3i
import numpy as np
from pydantic import Field
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.timefmt import as_utc, iso
from sety_dashboard.domain.common import Coordinates, OptTimestamp, StrictModel
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.threat import weights as W
from sety_dashboard.domain.threat.advice import route_advice
from sety_dashboard.domain.threat.baseline import ZONE_RES, baseline_for
from sety_dashboard.domain.threat.coordinate_check import far_from_known_data
from sety_dashboard.domain.threat.geometry import INDEX_RES, cell_latlng, edge_m, with_ring
from sety_dashboard.domain.threat.points import fetch_points, local_hours_weekdays
from sety_dashboard.domain.threat.polyline import Polyline
from sety_dashboard.domain.threat.safe_zones import safe_zone_view, safe_zones_near_line
from sety_dashboard.domain.threat.score import assess, density_detail, local_hour_of
from sety_dashboard.domain.threat.window import ThreatWindow
from sety_dashboard.domain.threat.zone_names import name_zones
from sety_dashboard.domain.threat.zones import Zone, find_zones

PIECE_MIN_M = 250.0
MAX_PIECES = 50
SAFE_ZONE_REACH_M = 500.0
MAX_ROUTE_M = 500_000



class RouteSafetyRequest(StrictModel):
    path: list[Coordinates] = Field(min_length=2, max_length=1000)
    departure_at: OptTimestamp = None
    buffer_m: float = Field(default=150.0, ge=10.0, le=2000.0)


def corridor_cells(line: Polyline, buffer_m: float) -> list[int]:
    """Index cells within `buffer_m` of the path: the cells of points sampled
    every half cell edge, widened by enough rings to reach the buffer."""
    step = edge_m(INDEX_RES) / 2.0
    samples = [line.point_at(s) for s in np.arange(0.0, line.length_m + step, step)]
    base = {h3i.latlng_to_cell(lat, lng, INDEX_RES) for lng, lat in samples}
    rings = 1 + int(buffer_m // (edge_m(INDEX_RES) * 1.5))
    return with_ring(sorted(base), rings)


def route_safety(session: Session, *, request: RouteSafetyRequest, window: ThreatWindow
                 ) -> dict[str, Any]:
    line = Polyline.from_coordinates(request.path)
    if line.length_m <= 0:
        raise ValidationFailed("path: the points must not all be the same place", "path",
                               "invalid")
    if line.length_m > MAX_ROUTE_M:
        # A trip, not a continent: a longer corridor costs seconds per request.
        raise ValidationFailed(f"path: the route is longer than {MAX_ROUTE_M // 1000} km",
                               "path", "too_long")
    buffer = float(request.buffer_m)
    departure = as_utc(request.departure_at) if request.departure_at else clock.now()
    at_hour = local_hour_of(departure)
    ref = window.until_epoch

    # The corridor plus one ring: zones need their cells' full neighbourhoods.
    points = fetch_points(session, with_ring(corridor_cells(line, buffer), 1), window)
    base = baseline_for(session, window)
    dist, along = line.project(points.lat, points.lng, buffer)
    inside = np.isfinite(dist)
    corridor = points.subset(inside)
    c_dist, c_along = dist[inside], along[inside]
    weights = corridor.weights(ref)
    hours = local_hours_weekdays(corridor.t)[0]
    recent = corridor.age_days(ref) <= W.NEAR_REPEAT_DAYS

    zones = find_zones(points, base, ref)
    reach = zone_stretches(line, zones, buffer)
    crossed = name_zones(session, [z for z in zones if reach[z.zone_id]], window)

    cuts = line.cuts(PIECE_MIN_M, MAX_PIECES)
    piece_of = np.clip(np.searchsorted(cuts, c_along, side="right") - 1, 0, len(cuts) - 2)
    segments = []
    for k in range(len(cuts) - 1):
        start, end = cuts[k], cuts[k + 1]
        mine = piece_of == k
        area_km2 = (2 * buffer * (end - start)
                    + (np.pi * buffer ** 2 / 2) * ((k == 0) + (k == len(cuts) - 2))) / 1e6
        ratio = (float(weights[mine].sum()) / area_km2) / base.weight_density \
            if base.weight_density else 0.0
        nr = int((mine & recent & (c_dist <= W.NEAR_REPEAT_M)).sum())
        touched = [z for z in crossed
                   if any(a <= end and b >= start for a, b in reach[z.zone_id])]
        result = assess(density_ratio=ratio,
                        density_detail=density_detail(int(mine.sum()), buffer, window.days, ratio),
                        hour_mult=W.hour_multiplier(weights[mine], hours[mine], at_hour),
                        at_hour=at_hour, near_repeat=nr, danger_zones=touched,
                        where="this stretch")
        piece = line.piece(start, end)
        zone_ids = [z.zone_id for z in touched]
        grade, level = W.safety_level(result.score)
        segments.append({
            "from": [round(v, 6) for v in piece[0]], "to": [round(v, 6) for v in piece[-1]],
            "score": round(result.score, 1), "incident_count": int(mine.sum()),
            "danger_zone_ids": zone_ids, "grade": grade, "level": level,
            "start_m": round(start, 1), "end_m": round(end, 1), "factors": result.factors,
            "path": [[round(v, 6) for v in p] for p in piece],
        })

    # The route is as safe as its worst stretch.
    score = min(s["score"] for s in segments)
    grade, level = W.safety_level(score)
    safe = _safe_zones_along(session, line)
    warning = None
    if len(corridor) == 0 and not safe and far_from_known_data(session, line, base):
        warning = COORDINATE_WARNING
    return {
        "score": round(score, 1), "grade": grade, "level": level,
        "distance_m": round(line.length_m, 1),
        "segments": segments,
        "hotspots": [z.view() for z in crossed],
        "safe_zones": safe,
        "advice": ([warning] if warning else []) + route_advice(
            score=score, segments=segments, hotspots=crossed, stretches=reach, safe_zones=safe,
            weights=weights, hours=hours, at_hour=at_hour, window_days=window.days),
        "coordinate_warning": warning,
        "incident_count": len(corridor),
        "buffer_m": buffer,
        "departure_at": iso(departure),
        "period": window.period(),
    }


COORDINATE_WARNING = (
    "Check the coordinate order: this path is far from every incident and safe zone Sety "
    "knows (tens of kilometres), which is what swapped latitude and longitude give. The API "
    "takes [longitude, latitude]; a phone map copies \"latitude, longitude\".")


def zone_stretches(line: Polyline, zones: list[Zone], buffer_m: float
                   ) -> dict[str, list[tuple[float, float]]]:
    """For each zone, where along the path the corridor touches one of its
    cells (each taken as its circumscribed circle, so a corner is never
    missed), merged into (from, to) stretches in metres. One projection for
    every cell of every zone, then exact circle crossings for the near ones."""
    out: dict[str, list[tuple[float, float]]] = {z.zone_id: [] for z in zones}
    # A zone's circle holds every cell's circumscribed circle, so a zone
    # whose circle the corridor misses is skipped at the cost of one test.
    near = [z for z in zones if line.stretches_within(z.lat, z.lng, z.radius_m + buffer_m)]
    owners = [(z.zone_id, c) for z in near for c in sorted(z.cells)]
    if not owners:
        return out
    centres = np.array([cell_latlng(c) for _, c in owners])
    reach = buffer_m + edge_m(ZONE_RES)
    dist, _ = line.project(centres[:, 0], centres[:, 1], reach)
    spans: dict[str, list[tuple[float, float]]] = {z.zone_id: [] for z in zones}
    for i in np.flatnonzero(np.isfinite(dist)):
        spans[owners[i][0]] += line.stretches_within(float(centres[i, 0]),
                                                     float(centres[i, 1]), reach)
    for zone_id, found in spans.items():
        for a, b in sorted(found):
            merged = out[zone_id]
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
    return out


def _safe_zones_along(session: Session, line: Polyline) -> list[dict[str, Any]]:
    zones = safe_zones_near_line(session, line, SAFE_ZONE_REACH_M)
    if not zones:
        return []
    d, along = line.project(np.array([z.lat for z in zones]), np.array([z.lng for z in zones]),
                            SAFE_ZONE_REACH_M)
    found = sorted(((float(a), z.id, z, float(dd)) for z, dd, a in zip(zones, d, along, strict=True)
                    if np.isfinite(dd)), key=lambda t: (t[0], t[1]))
    return [{**safe_zone_view(z, dd), "route_position_m": round(a, 1)} for a, _, z, dd in found]
