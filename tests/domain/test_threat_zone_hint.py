"""The settled zone map (zones.settled_zone_cells) is a prefetch hint for
the safety score's zone walk, never its answer: on both databases."""

from __future__ import annotations

import h3.api.basic_int as h3i
import pytest

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.threat import score as score_mod
from sety_dashboard.domain.threat.area import Area
from sety_dashboard.domain.threat.baseline import ZONE_RES, compute_baseline
from sety_dashboard.domain.threat.geometry import BBox, with_ring
from sety_dashboard.domain.threat.points import fetch_points
from sety_dashboard.domain.threat.score import safety_score
from sety_dashboard.domain.threat.window import resolve_window
from sety_dashboard.domain.threat.zones import find_zones, settled_zone_cells
from tests.threat_factories import HOT, NOW, QUIET, add, build_city, shift

CITY_BOX = BBox(3.30, 6.45, 3.46, 6.60)   # the factories' city (as in test_threat_maps)


def score(point):
    with read_session() as session:
        return safety_score(session, lat=point[1], lng=point[0], radius_m=None, at=None,
                            window=resolve_window())


@pytest.fixture
def city(db, clock):
    return build_city(clock)


def test_the_map_holds_the_zones_that_find_zones_finds(city):
    window = resolve_window()
    with read_session() as session:
        base = compute_baseline(session, window)
        points = fetch_points(session, with_ring(Area(bbox=CITY_BOX).index_cells(), 1), window)
    found = find_zones(points, base, window.until_epoch)
    assert found
    for zone in found:
        for cell in zone.cells:
            assert settled_zone_cells(base, cell) == zone.cells
    assert settled_zone_cells(base, h3i.latlng_to_cell(QUIET[1], QUIET[0], ZONE_RES)) == frozenset()
    # Built once, kept on the baseline (and so dropped with it).
    assert base.derived["zone_groups"] is not None


FAR = frozenset(h3i.grid_disk(h3i.latlng_to_cell(QUIET[1], QUIET[0], ZONE_RES), 3))


@pytest.mark.parametrize("stale", [frozenset(), FAR], ids=["no zone", "a zone elsewhere"])
def test_a_stale_map_changes_no_score(city, monkeypatch, stale):
    """The map is an hour old at worst: whatever it says, the score and its
    cap are decided on the current data."""
    expected = score(HOT), score(QUIET)
    assert "danger_zone" in {f["name"] for f in expected[0]["factors"]}
    monkeypatch.setattr(score_mod, "settled_zone_cells", lambda base, cell: stale)
    assert (score(HOT), score(QUIET)) == expected


def test_a_zone_born_since_the_map_was_made_still_caps(city, clock, monkeypatch):
    """Incidents that land after the hour make a new zone the map cannot
    know of: a place inside it is capped all the same."""
    spot = shift(HOT, 3000, 0)
    assert "danger_zone" not in {f["name"] for f in score(spot)["factors"]}
    monkeypatch.setattr(score_mod, "settled_zone_cells", lambda base, cell: frozenset())
    for k in range(30):
        add(clock, NOW.replace(hour=1, minute=k), shift(spot, (k % 5) * 20, (k // 5) * 20))
    after = score(spot)
    assert "danger_zone" in {f["name"] for f in after["factors"]}
