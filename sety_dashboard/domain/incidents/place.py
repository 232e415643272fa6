"""Where an incident is, in words, when the caller gave no address.

An SOS from a phone often carries only coordinates. Then the dashboard says
the coordinates and the nearest known landmark: the nearest **safe zone**
(police station, hospital, … registered in `safe_zones`) within
`LANDMARK_RADIUS_M`, with its distance — "6.43000, 3.42000 · 350 m from
Bar Beach Police Station (safe zone)". Safe zones are the only landmarks
the platform knows for every deployment (the demo's named places exist only
in the demo data), hence that choice.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from sety_dashboard.domain.threat.safe_zones import safe_zones_near

LANDMARK_RADIUS_M = 5_000.0


def _distance(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def coordinates_text(lat: float, lng: float) -> str:
    return f"{lat:.5f}, {lng:.5f}"


def landmark_text(session: Session, *, lat: float, lng: float) -> str:
    """"350 m from X (safe zone)", or "" when no safe zone is near."""
    near = safe_zones_near(session, lat=lat, lng=lng, radius_m=LANDMARK_RADIUS_M)
    if not near:
        return ""
    zone, metres = near[0]
    return f"{_distance(metres)} from {zone.name} (safe zone)"


def place_without_address(session: Session, *, lat: float, lng: float) -> str:
    """Coordinates, then the nearest landmark when there is one."""
    near = landmark_text(session, lat=lat, lng=lng)
    coords = coordinates_text(lat, lng)
    return f"{coords} · {near}" if near else f"{coords} · no known landmark within 5 km"
