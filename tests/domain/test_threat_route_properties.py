"""Route and drill properties over generated incident sets, through the real
incident service and the real database (both backends).

Each generated case gets its own stretch of ground (a new longitude band),
so the cases of one run do not see each other's incidents; every comparison
is made within one case, on the same data and the same baseline.
"""

from __future__ import annotations

import itertools
import math
from datetime import timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.threat import weights as W
from sety_dashboard.domain.threat.area import Area, danger_zones
from sety_dashboard.domain.threat.route import RouteSafetyRequest, route_safety
from sety_dashboard.domain.threat.score import safety_score
from sety_dashboard.domain.threat.window import resolve_window
from tests.threat_factories import NOW, add

M = 111_195.08
LAT0, LAT1 = 6.50, 6.53           # every route runs north for ~3.3 km
APART_M = 3_000.0                 # the avoiding route runs parallel, 3 km east
_band = itertools.count()

DB_CASES = settings(max_examples=5, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# A background incident: how far along the route (0–1), metres east of it,
# severity, age in days, local hour.
background = st.tuples(st.floats(0, 1), st.floats(-300, 300),
                       st.sampled_from(["low", "medium", "high", "critical"]),
                       st.integers(0, 80), st.integers(0, 23))


def _lng_step(east_m: float) -> float:
    return east_m / (M * math.cos(math.radians((LAT0 + LAT1) / 2)))


def _at(clock, lat: float, lng: float, severity: str, age: int, hour: int, **extra) -> None:
    when = (NOW - timedelta(days=age)).replace(hour=hour, minute=10)
    if when > NOW:
        when -= timedelta(days=1)
    add(clock, when, (lng, lat), severity=severity, **extra)


def _scatter(clock, lng: float) -> None:
    """Ten low-severity incidents 4–9 km west of the routes: the rest of the
    city. A lone cluster in empty country is not a statistical hot spot
    (Getis-Ord needs ground to compare with), so each case gets a city."""
    for k in range(10):
        _at(clock, LAT0 + (k % 5) * 0.01, lng - _lng_step(4000 + 500 * k), "low", 3 + 7 * k,
            (9 + k) % 24)


def _route(lng: float) -> dict:
    with read_session() as session:
        return route_safety(session, request=RouteSafetyRequest(
            path=[[lng, LAT0], [lng, (LAT0 + LAT1) / 2], [lng, LAT1]], departure_at=NOW),
            window=resolve_window(at=NOW))


@DB_CASES
@given(st.lists(background, max_size=8), st.floats(0.1, 0.9))
def test_a_route_through_a_zone_scores_no_higher_than_the_same_route_avoiding_it(
        db, clock, items, where):
    through = 3.0 + 0.5 * next(_band)          # a fresh band of ground per case
    avoid = through + _lng_step(APART_M)
    _scatter(clock, through)
    # The same background along both routes (moved 3 km east, exactly: both
    # run along meridians), and a dense cluster on the first one only.
    for frac, east, severity, age, hour in items:
        lat = LAT0 + frac * (LAT1 - LAT0)
        for base in (through, avoid):
            _at(clock, lat, base + _lng_step(east), severity, age, hour)
    lat_c = LAT0 + where * (LAT1 - LAT0)
    for k in range(12):
        _at(clock, lat_c + (k % 3) * 10 / M, through + _lng_step(10 * (k // 3)), "critical",
            1 + k % 5, (22 + k % 3) % 24)
    clock.set(NOW)

    a, b = _route(through), _route(avoid)
    assume(not b["hotspots"])            # "the route that avoids it"
    assert a["hotspots"], "the cluster must make a danger zone on the first route"
    assert 0 <= a["score"] <= b["score"] <= 100
    zone = a["hotspots"][0]
    for seg in a["segments"]:
        if zone["zone_id"] in seg["danger_zone_ids"]:
            assert seg["score"] <= W.zone_cap(zone["risk_level"])
    assert a["grade"] == W.safety_level(a["score"])[0]


@DB_CASES
@given(st.lists(background, min_size=1, max_size=8),
       st.lists(st.tuples(st.floats(0, 1), st.floats(-300, 300), st.integers(0, 23)),
                min_size=1, max_size=6))
def test_drills_never_change_any_answer(db, clock, items, drills):
    lng = 3.0 + 0.5 * next(_band)
    _scatter(clock, lng)
    for frac, east, severity, age, hour in items:
        _at(clock, LAT0 + frac * (LAT1 - LAT0), lng + _lng_step(east), severity, age, hour)
    clock.set(NOW)
    spot = (LAT0 + items[0][0] * (LAT1 - LAT0), lng)

    def answers() -> tuple:
        window = resolve_window(at=NOW)
        with read_session() as session:
            score = safety_score(session, lat=spot[0], lng=spot[1], radius_m=None, at=NOW,
                                 window=window)
            zones = danger_zones(session, area=Area(lat=spot[0], lng=spot[1], radius_m=3000),
                                 window=window)
        return _route(lng), score, zones

    before = answers()
    for frac, east, hour in drills:
        _at(clock, LAT0 + frac * (LAT1 - LAT0), lng + _lng_step(east), "critical", 0, hour,
            category="sos", is_drill=True)
    clock.set(NOW)
    assert answers() == before
