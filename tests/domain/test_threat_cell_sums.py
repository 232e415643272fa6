"""A place's danger zone from per-cell sums (cell_sums.py): the cached
hour's sums plus what changed since equal the sums of the incidents
themselves, and the zone (and so the cap) a score uses is the one the
danger-zone list shows. Through the real incident service, on both
databases, with the clock moved inside the hour after the baseline's."""

from __future__ import annotations

import itertools
from datetime import timedelta

import h3.api.basic_int as h3i
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.threat import baseline as baseline_mod
from sety_dashboard.domain.threat import heatmap as heatmap_mod
from sety_dashboard.domain.threat.area import Area, danger_zones
from sety_dashboard.domain.threat.baseline import (
    ZONE_RES,
    baseline_for,
    compute_baseline,
    settled_window,
)
from sety_dashboard.domain.threat.cell_sums import changed_spans, current_sums
from sety_dashboard.domain.threat.geometry import BBox, disk_cover, key_to_cell, with_ring
from sety_dashboard.domain.threat.heatmap import heatmap
from sety_dashboard.domain.threat.points import fetch_points
from sety_dashboard.domain.threat.score import safety_score
from sety_dashboard.domain.threat.window import resolve_window
from sety_dashboard.domain.threat.zones import CellSums, zone_cells_of, zone_from_cells
from tests.threat_factories import HOT, NOW, add, build_city, shift

DB_CASES = settings(max_examples=6, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
_band = itertools.count()

# Where an incident falls in time, relative to the hour H the baseline ends
# at: since H, at the start of the window (leaving it), next to a recency
# band's boundary (changing band), or anywhere older.
WHEN = {"since": timedelta(0), "leaving": timedelta(days=-90), "band14": timedelta(days=-14),
        "band30": timedelta(days=-30), "band60": timedelta(days=-60)}
incident = st.tuples(st.sampled_from([*WHEN, "old"]), st.integers(-70, 70),
                     st.integers(0, 5), st.integers(0, 5),
                     st.sampled_from(["low", "medium", "high", "critical"]))


def _time(kind: str, minutes: int):
    if kind == "old":
        return NOW - timedelta(days=3 + abs(minutes))
    return NOW + WHEN[kind] + timedelta(minutes=minutes if kind != "since" else abs(minutes))


@DB_CASES
@given(st.lists(incident, min_size=1, max_size=25), st.integers(1, 59))
def test_the_hours_sums_plus_the_changes_are_the_incidents_sums(db, clock, items, minutes):
    """Whatever landed since the hour, left the window or changed band: the
    current sums of every cell equal a pass over the current window in SQL,
    and the sums of the incidents' own weights (what find_zones adds up)."""
    ground = shift((3.0, 6.5), 20_000 * next(_band), 0)
    for kind, offset, east, north, severity in items:
        add(clock, _time(kind, offset), shift(ground, 150 * east, 150 * north), severity=severity)
    clock.set(NOW + timedelta(minutes=minutes))
    window = resolve_window()
    with read_session() as session:
        settled = compute_baseline(session, settled_window(window))
        sums = current_sums(session, settled, window)
        weight_of, count_of = sums.weight_of, sums.count_of
        exact = compute_baseline(session, window)
        points = fetch_points(session, with_ring(disk_cover(ground[1], ground[0], 1200), 1),
                              window)
    assert changed_spans(settled.window, window)
    cells = sorted(set(weight_of) | set(_cells(exact)))
    want_w = dict(zip(_cells(exact), exact.zone_weights.tolist(), strict=True))
    want_n = dict(zip(_cells(exact), exact.zone_counts.tolist(), strict=True))
    for cell in cells:
        assert weight_of.get(cell, 0.0) == pytest.approx(want_w.get(cell, 0.0), abs=1e-9)
        assert count_of.get(cell, 0.0) == want_n.get(cell, 0.0)
    own: dict[int, float] = {}
    for cell, w in zip(zone_cells_of(points).tolist(), points.weights(window.until_epoch).tolist(),
                       strict=True):
        own[cell] = own.get(cell, 0.0) + w
    assert own, "the generated incidents are in the window"
    for cell, w in own.items():
        assert weight_of.get(cell, 0.0) == pytest.approx(w, abs=1e-9)
    # Neighbourhood sums (the baseline's, remembered, plus the changes) too.
    plain = CellSums(want_w, want_n)
    for cell in own:
        for got, want in zip(sums.ring(cell), plain.ring(cell), strict=True):
            assert got == pytest.approx(want, abs=1e-9)


def _cells(base) -> list[int]:
    return [key_to_cell(int(k), ZONE_RES) for k in base.zone_keys.tolist()]


@pytest.fixture
def settled_city(db, clock, monkeypatch):
    """The test city, judged like a large data set: by the baseline of the
    last whole hour (so the sums the score uses are an hour's plus changes)."""
    monkeypatch.setattr(baseline_mod, "EXACT_BELOW", 0)
    baseline_mod.clear_cache()
    yield build_city(clock)
    baseline_mod.clear_cache()


def _score(point):
    with read_session() as session:
        return safety_score(session, lat=point[1], lng=point[0], radius_m=None, at=None,
                            window=resolve_window())


def _listed_zone(point):
    """The danger-zone list's zone holding `point` (found from incidents)."""
    with read_session() as session:
        zones = danger_zones(session, area=Area(lat=point[1], lng=point[0], radius_m=3000),
                             window=resolve_window())["data"]
    cell = h3i.int_to_str(h3i.latlng_to_cell(point[1], point[0], ZONE_RES))
    return next((z for z in zones if cell in z["cells"]), None)


def _capped_by(score):
    return next((f for f in score["factors"] if f["name"] == "danger_zone"), None)


@pytest.mark.parametrize("minutes", [1, 30, 59])
def test_a_zone_born_since_the_hour_caps_the_score_as_the_list_shows_it(
        settled_city, clock, minutes):
    spot = shift(HOT, 3000, 0)
    assert _capped_by(_score(spot)) is None and _listed_zone(spot) is None
    for k in range(30):
        add(clock, NOW + timedelta(minutes=k * (minutes - 1) / 30),
            shift(spot, (k % 5) * 20, (k // 5) * 20))
    clock.set(NOW + timedelta(minutes=minutes))
    listed = _listed_zone(spot)
    assert listed is not None
    factor = _capped_by(_score(spot))
    assert factor is not None
    assert f"({listed['risk_level']}, {listed['incident_count']} incidents)" in factor["detail"]


def test_the_score_and_the_list_agree_on_every_cell_of_every_zone(settled_city, clock):
    """Incidents since the hour grow the zone: on every cell the zone from
    per-cell sums is the listed zone (cells, count, risk), and the score is
    capped at its cap."""
    for k in range(12):
        add(clock, NOW + timedelta(minutes=k), shift(HOT, 250 + 15 * k, 180), severity="critical")
    clock.set(NOW + timedelta(minutes=20))
    listed = _listed_zone(HOT)
    assert listed is not None
    window = resolve_window()
    with read_session() as session:
        base = baseline_for(session, window)
        assert base.window != window       # the hour's sums, brought up to date
        sums = current_sums(session, base, window)
    for cell_str in listed["cells"]:
        cell = h3i.str_to_int(cell_str)
        zone = zone_from_cells(sums, base, cell)
        assert zone is not None
        assert zone.zone_id == listed["zone_id"]
        assert sorted(h3i.int_to_str(c) for c in zone.cells) == listed["cells"]
        assert zone.incident_count == listed["incident_count"]
        assert zone.risk_level == listed["risk_level"]
        assert round(zone.score, 1) == listed["score"]
        assert [round(zone.lng, 6), round(zone.lat, 6)] == listed["center"]
        lat, lng = h3i.cell_to_latlng(cell)
        assert _score((lng, lat))["score"] <= zone.cap


CITY_BOX = BBox(3.30, 6.45, 3.46, 6.60)   # the factories' city


@pytest.mark.parametrize("resolution", [5, 7, 8, 9])
def test_the_heatmap_from_the_hours_sums_is_the_heatmap_from_the_incidents(
        settled_city, clock, monkeypatch, resolution):
    """Incidents since the hour, leaving the window and changing band: the
    heatmap built from the cached hour's sums and the changes answers what
    the GROUP BY over the incidents answers, cell for cell."""
    for k, kind in enumerate(list(WHEN) * 3):
        add(clock, _time(kind, 7 * k - 40), shift(HOT, 60 * (k % 4), 300 + 50 * (k // 4)),
            severity=("low", "high", "critical")[k % 3])
    clock.set(NOW + timedelta(minutes=45))
    window = resolve_window()
    with read_session() as session:
        baseline_for(session, window)           # the hour's, cached (as the warmer does)
        assert heatmap_mod.cached_baseline(session, window) is not None
        from_sums = heatmap(session, bbox=CITY_BOX, resolution=resolution, window=window)
        monkeypatch.setattr(heatmap_mod, "cached_baseline", lambda session, window: None)
        from_rows = heatmap(session, bbox=CITY_BOX, resolution=resolution, window=window)
    assert from_sums["total"] == from_rows["total"] > 0
    assert {c["cell_id"]: (c["count"], c["weight"]) for c in from_sums["cells"]} == {
        c["cell_id"]: (c["count"], c["weight"]) for c in from_rows["cells"]}


def test_the_hours_zone_is_reused_only_while_nothing_near_it_changed(settled_city, clock):
    """The score takes the hour's zone while what changed since lies
    elsewhere, and follows the current data once something lands in it."""
    def capped_as_listed():
        listed = _listed_zone(HOT)
        factor = _capped_by(_score(HOT))
        assert listed is not None and factor is not None
        assert f"({listed['risk_level']}, {listed['incident_count']} incidents)" in factor["detail"]
        return listed["incident_count"]

    clock.set(NOW + timedelta(minutes=5))
    before = capped_as_listed()                     # builds the hour's zones
    add(clock, NOW + timedelta(minutes=6), shift(HOT, 5000, 0))     # far away
    clock.set(NOW + timedelta(minutes=10))
    assert capped_as_listed() == before
    for k in range(4):                              # inside the zone, since the hour
        add(clock, NOW + timedelta(minutes=11 + k), shift(HOT, 10 * k, 0), severity="critical")
    clock.set(NOW + timedelta(minutes=20))
    assert capped_as_listed() == before + 4
