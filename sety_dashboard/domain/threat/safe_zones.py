"""Safe zones: police stations, hospitals, fire stations, security posts,
safe havens. Created by admins; shown on the map, counted by safety scores
and listed along routes."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.ids import new_id
from sety_dashboard.domain.common import Flag, GeoPoint, Name, Phone, StrictModel, pick_choices
from sety_dashboard.domain.threat.geometry import check_point, haversine_m
from sety_dashboard.domain.threat.models import SAFE_ZONE_KINDS, SafeZone
from sety_dashboard.domain.threat.polyline import Polyline
from sety_dashboard.domain.threat.window import check_radius
from sety_dashboard.events.log import record_event

SafeZoneKind = Literal["police", "hospital", "fire_station", "security_post", "safe_haven"]
DEFAULT_RADIUS_M = 5_000.0
MAX_LISTED = 100
# A safe zone that is not open day and night counts as open in these local hours.
DAY_HOURS = range(8, 20)


class CreateSafeZoneRequest(StrictModel):
    name: Name
    kind: SafeZoneKind
    location: GeoPoint
    open_24h: Flag = True
    phone: Phone = None


def safe_zone_view(zone: SafeZone, distance_m: float | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {"coordinates": [zone.lng, zone.lat]}
    if zone.address:
        location["address"] = zone.address
    return {"safe_zone_id": zone.id, "name": zone.name, "kind": zone.kind, "location": location,
            "open_24h": zone.open_24h, "phone": zone.phone,
            "distance_m": round(distance_m, 1) if distance_m is not None else None}


def create_safe_zone(session: Session, *, request: CreateSafeZoneRequest) -> SafeZone:
    lng, lat = request.location.coordinates
    zone = SafeZone(id=new_id("sz"), name=request.name, kind=request.kind, lng=lng, lat=lat,
                    address=request.location.address, open_24h=request.open_24h,
                    phone=request.phone, created_at=clock.now())
    session.add(zone)
    session.flush()
    record_event(session, "safe_zone.created", safe_zone_view(zone))
    return zone


def is_open(zone: SafeZone, local_hour: int) -> bool:
    return zone.open_24h or local_hour in DAY_HOURS


def check_safe_zone_query(lat: float, lng: float, radius_m: float | None,
                          kind: str | None) -> tuple[float, list[str] | None]:
    """The checked radius and kinds of a safe-zone search (422 on a bad point,
    radius or unknown kind)."""
    check_point(lat, lng)
    radius = check_radius(radius_m or DEFAULT_RADIUS_M)
    return radius, pick_choices(kind, SAFE_ZONE_KINDS, "kind")


def safe_zones_near(session: Session, *, lat: float, lng: float, radius_m: float,
                    kinds: list[str] | None = None) -> list[tuple[SafeZone, float]]:
    """Safe zones within `radius_m`, nearest first (ties by id)."""
    dlat = radius_m / 110_574.0
    dlng = radius_m / (111_320.0 * max(0.01, float(np.cos(np.radians(lat)))))
    query = select(SafeZone).where(SafeZone.lat.between(lat - dlat, lat + dlat),
                                   SafeZone.lng.between(lng - dlng, lng + dlng))
    if kinds:
        query = query.where(SafeZone.kind.in_(kinds))
    zones = list(session.execute(query).scalars())
    if not zones:
        return []
    dist = haversine_m(lat, lng, np.array([z.lat for z in zones]), np.array([z.lng for z in zones]))
    found = [(z, float(d)) for z, d in zip(zones, dist, strict=True) if d <= radius_m]
    found.sort(key=lambda zd: (zd[1], zd[0].id))
    return found


def safe_zones_in_box(session: Session, *, min_lat: float, min_lng: float, max_lat: float,
                      max_lng: float) -> list[SafeZone]:
    return list(session.execute(
        select(SafeZone).where(SafeZone.lat.between(min_lat, max_lat),
                               SafeZone.lng.between(min_lng, max_lng)).order_by(SafeZone.id)
    ).scalars())


def safe_zones_near_line(session: Session, line: Polyline, reach_m: float) -> list[SafeZone]:
    """Safe zones in the line's bounding box grown by `reach_m` on every side
    (degrees of longitude shrink with latitude; the cosine is floored so a
    line near a pole does not ask for the whole world)."""
    pad_lat = reach_m / 110_574.0
    pad_lng = reach_m / (111_320.0 * max(0.01, float(np.cos(np.radians(line.lat0)))))
    return safe_zones_in_box(session, min_lat=float(line.lat.min()) - pad_lat,
                             min_lng=float(line.lng.min()) - pad_lng,
                             max_lat=float(line.lat.max()) + pad_lat,
                             max_lng=float(line.lng.max()) + pad_lng)
