"""An SOS without an address is described by coordinates and the nearest safe zone."""

from __future__ import annotations

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.incidents.place import place_without_address
from sety_dashboard.domain.threat.safe_zones import CreateSafeZoneRequest, create_safe_zone


def test_coordinates_and_the_nearest_safe_zone(db, clock) -> None:
    with read_session() as s:
        assert place_without_address(s, lat=6.43, lng=3.42) == \
            "6.43000, 3.42000 · no known landmark within 5 km"
    with write_session() as s:
        for name, lng in (("Far Station", 3.44), ("Bar Beach Police", 3.4230)):
            create_safe_zone(s, request=CreateSafeZoneRequest(
                name=name, kind="police", location={"coordinates": [lng, 6.43]}))
    with read_session() as s:
        assert place_without_address(s, lat=6.43, lng=3.42) == \
            "6.43000, 3.42000 · 331 m from Bar Beach Police (safe zone)"
