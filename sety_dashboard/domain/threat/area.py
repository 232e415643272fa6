"""An area of interest: a bounding box, or a circle around a point."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import h3.api.basic_int as h3i
import numpy as np
from sqlalchemy.orm import Session

from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.threat.baseline import baseline_for
from sety_dashboard.domain.threat.geometry import (
    BBox,
    check_point,
    cover_cells,
    disk_cover,
    haversine_m,
    parse_bbox,
    with_ring,
)
from sety_dashboard.domain.threat.points import fetch_points
from sety_dashboard.domain.threat.window import ThreatWindow, check_radius
from sety_dashboard.domain.threat.zone_names import name_zones
from sety_dashboard.domain.threat.zones import find_zones

# Danger zones are looked for in at most this much ground at once (a box of
# 100 km × 100 km): enough for any metropolis on one screen.
MAX_ZONE_AREA_KM2 = 10_000.0
DEFAULT_ZONE_RADIUS_M = 5_000.0


@dataclass(frozen=True)
class Area:
    bbox: BBox | None = None
    lat: float = 0.0
    lng: float = 0.0
    radius_m: float = 0.0

    def area_km2(self) -> float:
        if self.bbox is not None:
            return self.bbox.area_km2()
        return math.pi * (self.radius_m / 1000.0) ** 2

    def index_cells(self) -> list[int]:
        if self.bbox is not None:
            return cover_cells(self.bbox.polygon())
        return disk_cover(self.lat, self.lng, self.radius_m)

    def contains(self, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
        if self.bbox is not None:
            b = self.bbox
            return (lng >= b.min_lng) & (lng <= b.max_lng) & (lat >= b.min_lat) & (lat <= b.max_lat)
        return haversine_m(self.lat, self.lng, lat, lng) <= self.radius_m


def area_from_query(bbox: str | None, lat: float | None, lng: float | None,
                    radius_m: float | None, default_radius_m: float) -> Area:
    """`bbox`, or `lat` + `lng` (+ `radius_m`): exactly one of the two."""
    if bbox is not None and (lat is not None or lng is not None):
        raise ValidationFailed("bbox: give either bbox, or lat and lng, not both", "bbox",
                               "conflict")
    if bbox is not None:
        return Area(bbox=parse_bbox(bbox))
    if lat is None and lng is None:
        raise ValidationFailed("bbox: required, or lat and lng (with radius_m)", "bbox",
                               "required")
    if lat is None or lng is None:
        missing = "lat" if lat is None else "lng"
        raise ValidationFailed(f"{missing}: required with {'lng' if missing == 'lat' else 'lat'}",
                               missing, "required")
    check_point(lat, lng)
    radius = check_radius(radius_m if radius_m is not None else default_radius_m)
    return Area(lat=lat, lng=lng, radius_m=radius)


def danger_zones(session: Session, *, area: Area, window: ThreatWindow) -> dict[str, Any]:
    if area.area_km2() > MAX_ZONE_AREA_KM2:
        raise ValidationFailed(
            f"bbox: danger zones are searched in at most {int(MAX_ZONE_AREA_KM2)} km² at once;"
            " zoom in", "bbox" if area.bbox is not None else "radius_m", "too_large")
    # One ring of margin, so cells at the edge get their full neighbourhood.
    points = fetch_points(session, with_ring(area.index_cells(), 1), window)
    zones = find_zones(points, baseline_for(session, window), window.until_epoch)
    shown = []
    for zone in zones:
        centres = np.array([h3i.cell_to_latlng(c) for c in zone.cells])
        if area.contains(centres[:, 0], centres[:, 1]).any():
            shown.append(zone)
    return {"data": [z.view() for z in name_zones(session, shown, window)],
            "period": window.period()}
