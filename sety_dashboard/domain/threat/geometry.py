"""Distances, bounding boxes and the H3 cells that cover an area.

Incidents store their H3 cell at resolutions 5–11 (geo/cells.py). Area look-
ups go through the composite index led by `h3_r8`: an area becomes the set
of resolution-8 cells that cover it, then rows are filtered exactly.

A resolution-11 cell id holds every coarser ancestor in its high bits (3
bits per resolution digit), so `h3_r11 >> shift(res)` is a GROUP BY key for
any coarser resolution without another indexed column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import h3
import h3.api.basic_int as h3i
import numpy as np

from sety_dashboard.domain.errors import ValidationFailed

EARTH_RADIUS_M = 6_371_008.8
INDEX_RES = 8  # the resolution leading the threat index
FINE_RES = 11
_RES_MASK = 0xF << 52


def shift_for(res: int) -> int:
    """Right shift that turns a resolution-11 id into a key for `res`."""
    return 3 * (15 - res)


def key_to_cell(key: int, res: int) -> int:
    """Inverse of `h3_r11 >> shift_for(res)`: the resolution-`res` cell id."""
    s = shift_for(res)
    cell = (int(key) << s) | ((1 << s) - 1)
    return (cell & ~_RES_MASK) | (res << 52)


def ancestors(cells: np.ndarray, res: int) -> np.ndarray:
    """The resolution-`res` ancestor of each of the (finer) cell ids: their
    leading digits, the rest set to 7 (unused) and the resolution field set."""
    s = shift_for(res)
    out = (cells >> s << s) | np.int64((1 << s) - 1)
    return (out & ~np.int64(_RES_MASK)) | np.int64(res << 52)


@lru_cache(maxsize=262_144)
def cell_str(cell: int) -> str:
    return h3.int_to_str(int(cell))


@lru_cache(maxsize=262_144)
def cell_latlng(cell: int) -> tuple[float, float]:
    """(lat, lng) of a cell's centre, remembered: a map asks for the same
    cells again and again, and each costs H3 a few microseconds."""
    return h3i.cell_to_latlng(int(cell))


def cell_center(cell: int) -> tuple[float, float]:
    """(lng, lat) of a cell's centre."""
    lat, lng = cell_latlng(cell)
    return lng, lat


def edge_m(res: int) -> float:
    return h3.average_hexagon_edge_length(res, "m")


def cell_area_km2(res: int) -> float:
    return h3.average_hexagon_area(res, "km^2")


def haversine_m(lat1: np.ndarray | float, lng1: np.ndarray | float,
                lat2: np.ndarray | float, lng2: np.ndarray | float) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lng2) - np.asarray(lng1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True)
class BBox:
    min_lng: float
    min_lat: float
    max_lng: float
    max_lat: float

    def as_list(self) -> list[float]:
        return [self.min_lng, self.min_lat, self.max_lng, self.max_lat]

    def contains(self, lng: float, lat: float) -> bool:
        return self.min_lng <= lng <= self.max_lng and self.min_lat <= lat <= self.max_lat

    def area_km2(self) -> float:
        mid = math.radians((self.min_lat + self.max_lat) / 2)
        w = (self.max_lng - self.min_lng) * 111.32 * math.cos(mid)
        h = (self.max_lat - self.min_lat) * 110.57
        return abs(w * h)

    def polygon(self) -> h3.LatLngPoly:
        return h3.LatLngPoly([(self.min_lat, self.min_lng), (self.min_lat, self.max_lng),
                              (self.max_lat, self.max_lng), (self.max_lat, self.min_lng)])


def parse_bbox(value: str | None, field: str = "bbox") -> BBox:
    """`minLng,minLat,maxLng,maxLat` → BBox, or a validation_error on `field`."""
    if value is None or not value.strip():
        raise ValidationFailed(f"{field}: required (minLng,minLat,maxLng,maxLat)", field, "required")
    parts = value.split(",")
    if len(parts) != 4:
        raise ValidationFailed(f"{field}: must be four numbers minLng,minLat,maxLng,maxLat",
                               field, "invalid")
    try:
        min_lng, min_lat, max_lng, max_lat = (float(p) for p in parts)
    except ValueError:
        raise ValidationFailed(f"{field}: must be four numbers minLng,minLat,maxLng,maxLat",
                               field, "invalid") from None
    if not all(math.isfinite(v) for v in (min_lng, min_lat, max_lng, max_lat)):
        raise ValidationFailed(f"{field}: must be finite numbers", field, "invalid")
    if not (-180 <= min_lng <= 180 and -180 <= max_lng <= 180):
        raise ValidationFailed(f"{field}: longitude must be within [-180, 180]", field,
                               "out_of_range")
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise ValidationFailed(f"{field}: latitude must be within [-90, 90]", field, "out_of_range")
    if min_lng >= max_lng or min_lat >= max_lat:
        raise ValidationFailed(f"{field}: min must be below max (minLng,minLat,maxLng,maxLat); "
                               "boxes across the antimeridian are not supported", field, "invalid")
    return BBox(min_lng, min_lat, max_lng, max_lat)


def check_point(lat: float, lng: float) -> None:
    """Coordinates from a query string: finite and within range."""
    if not math.isfinite(lat) or not -90 <= lat <= 90:
        raise ValidationFailed("lat: latitude must be within [-90, 90]", "lat", "out_of_range")
    if not math.isfinite(lng) or not -180 <= lng <= 180:
        raise ValidationFailed("lng: longitude must be within [-180, 180]", "lng", "out_of_range")


def circle_polygon(lat: float, lng: float, radius_m: float, sides: int = 32) -> h3.LatLngPoly:
    """A polygon just outside the circle (vertices on the circumscribed polygon)."""
    r = radius_m / math.cos(math.pi / sides)
    dlat = r / 110_574.0
    dlng = r / (111_320.0 * max(0.01, math.cos(math.radians(lat))))
    ring = [(lat + dlat * math.sin(2 * math.pi * i / sides),
             lng + dlng * math.cos(2 * math.pi * i / sides)) for i in range(sides)]
    return h3.LatLngPoly(ring)


def cover_cells(shape: h3.LatLngPoly, res: int = INDEX_RES) -> list[int]:
    """Every cell at `res` that overlaps the shape, as integer ids (sorted)."""
    return sorted(h3i.h3shape_to_cells_experimental(shape, res, contain="overlap"))


def disk_cover(lat: float, lng: float, radius_m: float, res: int = INDEX_RES) -> list[int]:
    """Index cells that can hold a point within `radius_m` of (lat, lng)."""
    if radius_m < 0.8 * edge_m(res):
        # A small circle: the cell and its ring are enough (a ring-1 disk
        # reaches about one edge length past the centre cell; H3 edges vary, hence 0.8).
        return sorted(h3i.grid_disk(h3i.latlng_to_cell(lat, lng, res), 1))
    return cover_cells(circle_polygon(lat, lng, radius_m), res)


def with_ring(cells: list[int], k: int = 1) -> list[int]:
    """The cells plus their k-ring neighbours (a margin for neighbourhood sums)."""
    out: set[int] = set()
    for c in cells:
        out.update(h3i.grid_disk(c, k))
    return sorted(out)


def to_local_xy(lat: np.ndarray, lng: np.ndarray, lat0: float, lng0: float
                ) -> tuple[np.ndarray, np.ndarray]:
    """Metres east/north of (lat0, lng0), equirectangular: exact enough within
    tens of kilometres, and fast for point-to-path distances."""
    kx = math.radians(1) * EARTH_RADIUS_M * math.cos(math.radians(lat0))
    ky = math.radians(1) * EARTH_RADIUS_M
    return (np.asarray(lng) - lng0) * kx, (np.asarray(lat) - lat0) * ky
