"""Properties any sound safety score keeps, checked by hypothesis over
generated incident sets (no database: the scoring core is pure, so hundreds
of sets take a second or two).

The reference the scores compare with (the data set's baseline) is held
fixed here: it is the average of the whole data set, which one incident
moves by a fraction of a per cent. Database-level properties (routes, drills)
are in test_threat_route_properties.py.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, datetime

import h3.api.basic_int as h3i
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sety_dashboard.domain.threat import weights as W
from sety_dashboard.domain.threat.baseline import Baseline
from sety_dashboard.domain.threat.points import Points, local_hours_weekdays
from sety_dashboard.domain.threat.score import score_place
from sety_dashboard.domain.threat.zones import (
    CellSums,
    Zone,
    ZoneCore,
    find_zones,
    zone_cells_of,
    zone_from_cells,
)

CENTRE = (3.3792, 6.5244)       # [lng, lat]
RADIUS = 500.0
REF = datetime(2026, 11, 30, 14, 0, tzinfo=UTC).timestamp()
# A data set of 20 occupied resolution-7 cells with 400 weight units: an
# average place has 3.9 units per km².
BASE = Baseline(count=300, weight=400.0, occupied_cells=20, area_km2=103.2,
                cell_rates=np.linspace(0.5, 8.0, 20), zone_cells=980, zone_mean=0.41,
                zone_sd=1.2)
FAST = settings(max_examples=100, deadline=None, derandomize=True)

# One incident: metres east and north of the centre, severity code, age in
# days, local hour, category code.
incident = st.tuples(st.floats(-700, 700), st.floats(-700, 700), st.integers(0, 3),
                     st.floats(0, 120), st.integers(0, 23), st.integers(0, 7))
incidents = st.lists(incident, max_size=40)


def _at_hour(age_days: float, hour: int) -> float:
    """An instant about `age_days` before REF whose local hour is `hour`."""
    t = REF - age_days * W.DAY_S
    got = int(local_hours_weekdays(np.array([t]))[0][0])
    return t - ((got - hour) % 24) * 3600.0


def points_of(items: list[tuple]) -> Points:
    m = 111_195.08
    lat = np.array([CENTRE[1] + n / m for _, n, *_ in items], dtype=float)
    lng = np.array([CENTRE[0] + e / (m * math.cos(math.radians(CENTRE[1])))
                    for e, *_ in items], dtype=float)
    return Points(
        lat=lat, lng=lng,
        t=np.array([_at_hour(age, hour) for _, _, _, age, hour, _ in items], dtype=float),
        sev=np.array([s for _, _, s, *_ in items], dtype=np.int64),
        cat=np.array([c for *_, c in items], dtype=np.int64),
        cell=np.array([h3i.latlng_to_cell(a, b, 11) for a, b in zip(lat, lng, strict=True)],
                      dtype=np.int64))


def score_of(items: list[tuple], at_hour: int = 14, with_zones: bool = True,
             point: tuple[float, float] = CENTRE, radius: float = RADIUS) -> float:
    pts = points_of(items)
    zones = find_zones(pts, BASE, REF) if with_zones else []
    result, _ = score_place(pts, BASE, lat=point[1], lng=point[0], radius=radius,
                            at_hour=at_hour, ref=REF, zones=zones, window_days=90.0)
    return result.score


@FAST
@given(incidents, st.integers(0, 23))
def test_scores_stay_between_0_and_100(items, hour):
    assert 0.0 <= score_of(items, hour) <= 100.0


@FAST
@given(incidents, incident.filter(lambda i: math.hypot(i[0], i[1]) <= RADIUS),
       st.integers(0, 23))
def test_one_more_incident_near_a_place_never_raises_its_score(items, new, hour):
    """Whatever its severity, age, hour or distance inside the radius."""
    assert score_of([*items, new], hour) <= score_of(items, hour) + 1e-9


# Night: 22:00 to 06:59 local.
night_incident = st.tuples(st.floats(-450, 450), st.floats(-450, 450), st.integers(0, 3),
                           st.floats(0, 120), st.sampled_from([22, 23, 0, 1, 2, 3, 4, 5, 6]),
                           st.integers(0, 7))


@FAST
@given(st.lists(night_incident.filter(lambda i: math.hypot(i[0], i[1]) < RADIUS), min_size=1,
                max_size=30))
def test_a_place_with_only_night_incidents_scores_lower_at_2_than_at_14(items):
    # Without a danger zone the order is strict; a zone's cap can only make
    # both hours equally bad, never the night better.
    assert score_of(items, 2, with_zones=False) < score_of(items, 14, with_zones=False)
    assert score_of(items, 2) <= score_of(items, 14)


@FAST
@given(incidents, st.integers(0, 23))
def test_a_place_inside_a_danger_zone_never_scores_above_the_zone_cap(items, hour):
    pts = points_of(items)
    for zone in find_zones(pts, BASE, REF):
        for cell in sorted(zone.cells)[:3]:
            lat, lng = h3i.cell_to_latlng(cell)
            assert score_of(items, hour, point=(lng, lat)) <= zone.cap


def test_the_cap_holds_down_a_quiet_corner_of_a_zone():
    """The properties above are not vacuous: a dense cluster makes a zone, and
    a corner of it with a single incident of its own scores what the zone
    allows, not what its own count would give."""
    cluster = [(4.0 * (k % 4), -4.0 * (k // 4), 3, 2.0, 23, 0) for k in range(12)]
    home = h3i.latlng_to_cell(CENTRE[1], CENTRE[0], 9)
    corner = next(c for c in h3i.grid_ring(home, 1))
    lat, lng = h3i.cell_to_latlng(corner)
    m = 111_195.08
    east = (lng - CENTRE[0]) * m * math.cos(math.radians(CENTRE[1]))
    north = (lat - CENTRE[1]) * m
    # Its own incident lies in its cell but 120 m from its centre, away from
    # the cluster: nothing within the 100 m the corner is scored over.
    away = 120.0 / math.hypot(east, north)
    lone = (east * (1 + away), north * (1 + away), 0, 30.0, 14, 1)
    items = [*cluster, lone]
    zone = find_zones(points_of(items), BASE, REF)[0]
    assert corner in zone.cells and zone.risk_level in ("high", "severe")
    assert score_of(items, 14, with_zones=False, point=(lng, lat), radius=100) == 100.0
    assert score_of(items, 14, point=(lng, lat), radius=100) == zone.cap


@FAST
@given(incidents)
def test_following_one_zone_finds_the_same_zone_as_finding_them_all(items):
    """zone_from_cells (what a place's score uses, from per-cell sums)
    agrees with find_zones (the API's danger zones, from the incidents) on
    every cell of every zone, and finds nothing elsewhere."""
    pts = points_of(items)
    sums = CellSums(*cell_sums_of(pts))
    zones = find_zones(pts, BASE, REF)
    for zone in zones:
        for cell in sorted(zone.cells)[:3]:
            assert zone_from_cells(sums, BASE, cell) == core_of(zone)
    home = h3i.latlng_to_cell(CENTRE[1], CENTRE[0], 9)
    if not any(home in z.cells for z in zones):
        assert zone_from_cells(sums, BASE, home) is None


def cell_sums_of(pts: Points) -> tuple[dict[int, float], dict[int, int]]:
    """Weight and count per resolution-9 cell, summed incident by incident."""
    weight_of: dict[int, float] = {}
    count_of: dict[int, int] = {}
    for cell, w in zip(zone_cells_of(pts).tolist(), pts.weights(REF).tolist(), strict=True):
        weight_of[cell] = weight_of.get(cell, 0.0) + w
        count_of[cell] = count_of.get(cell, 0) + 1
    return weight_of, count_of


def core_of(zone: Zone) -> ZoneCore:
    return ZoneCore(**{f.name: getattr(zone, f.name) for f in dataclasses.fields(ZoneCore)})
