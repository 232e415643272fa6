"""The demo safe zones: valid, near the demo's hot spots, written once."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.demo.places import ABUJA, LAGOS
from sety_dashboard.demo.threat_demo import SAFE_ZONES, seed_threat_demo
from sety_dashboard.domain.threat.models import SAFE_ZONE_KINDS, SafeZone
from sety_dashboard.domain.threat.safe_zones import safe_zones_near
from sety_dashboard.events.models import EventRecord


def test_demo_safe_zones_are_written_once_with_their_events(db, clock):
    with write_session() as session:
        assert seed_threat_demo(session, random.Random(1)) == \
            f"{len(SAFE_ZONES)} safe zones in Lagos and Abuja"
    with write_session() as session:
        assert seed_threat_demo(session, random.Random(1)).startswith("0 safe zones")
    with read_session() as session:
        zones = list(session.execute(select(SafeZone)).scalars())
        events = session.execute(select(func.count()).select_from(EventRecord)
                                 .where(EventRecord.type == "safe_zone.created")).scalar_one()
    assert len(zones) == len(SAFE_ZONES) == events >= 30
    assert {z.kind for z in zones} == set(SAFE_ZONE_KINDS)
    assert all(z.address for z in zones)


def test_every_demo_hot_spot_has_a_safe_zone_within_3_km(db, clock):
    with write_session() as session:
        seed_threat_demo(session, random.Random(1))
    with read_session() as session:
        for name, lng, lat, _, _ in LAGOS + ABUJA:
            near = safe_zones_near(session, lat=lat, lng=lng, radius_m=3000)
            assert near, name
