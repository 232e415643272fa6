"""What the threat map shows, read through the domain (no browser)."""

from __future__ import annotations

import h3
import pytest

from sety_dashboard.ui.viewmodels import threat_layers as layers
from tests.threat_factories import HOT, HOT_COUNT, QUIET, build_city, make_safe_zone, shift

VIEW = [3.30, 6.45, 3.46, 6.60]


@pytest.fixture
def city(db, clock):
    return build_city(clock)


def test_view_layers_of_the_city(city):
    make_safe_zone("Ikoyi Police Station", shift(HOT, 300, 0))
    out = layers.view_layers(VIEW, 12, 90, "all")
    assert out["resolution"] == 8 and out["heat_total"] == 40
    cell = out["cells"][0]
    assert len(cell["b"]) == 6 and cell["c"].startswith("#") and 0.2 <= cell["o"] <= 0.7
    assert h3.get_resolution(cell["id"]) == 8
    zone = out["zones"][0]
    assert zone["name"] == "Oshodi — near the pedestrian bridge"
    assert zone["label"].startswith("Oshodi — near the pedestrian bridge · danger zone, ")
    # The outline of the zone's own cells, closed rings of [lat, lng].
    assert zone["shape"] and all(r[0] == r[-1] or len(r) >= 3 for r in zone["shape"])
    assert abs(zone["shape"][0][0][0] - HOT[1]) < 0.01
    assert [z["label"] for z in out["safe_zones"]] == ["Ikoyi Police Station · police"]
    assert out["notes"] == []


def test_a_zoomed_out_view_coarsens_and_skips_zones(city):
    out = layers.view_layers([-20.0, -20.0, 40.0, 30.0], 4, 90, "all")
    assert out["resolution"] == 5 and out["heat_total"] == 40
    assert out["zones"] == [] and out["notes"] == ["Zoom in to see danger zones."]


def test_category_and_days_filter_the_view(city):
    assert layers.view_layers(VIEW, 12, 90, "fire")["heat_total"] == 0
    assert layers.view_layers(VIEW, 12, 90, "medical")["heat_total"] == 5
    assert layers.view_layers(VIEW, 12, 7, "all")["heat_total"] < 40


def test_spot_report(city):
    spot = layers.spot_report(HOT[1], HOT[0], 90, "all")
    assert spot["count"] == HOT_COUNT and len(spot["hours"]) == 24
    assert sum(h["incidents"] for h in spot["hours"]) == HOT_COUNT
    assert spot["factors"][0]["name"] == "Incidents nearby"
    assert spot["factors"][0]["impact"].startswith("−")
    assert layers.spot_report(QUIET[1], QUIET[0], 90, "all")["score"] == 100


def test_route_report(city):
    west, east = shift(HOT, -2000, 0), shift(HOT, 2000, 0)
    r = layers.route_report([list(west), list(HOT), list(east)], 90, "all")
    assert r["hotspots"] >= 1 and r["advice"]
    seg = r["segments"][0]
    assert seg["path"][0] == [round(west[1], 6), round(west[0], 6)]  # [lat, lng] for Leaflet
    assert "km · score" in seg["label"]
    assert r["warning"] == ""
    swapped = layers.route_report([[west[1], west[0]], [east[1], east[0]]], 90, "all")
    assert swapped["warning"].startswith("Check the coordinate order")


def test_resolution_follows_zoom():
    assert [layers.resolution_for_zoom(z) for z in (4, 9, 11, 12, 13, 15, 17)] == \
        [5, 6, 7, 8, 9, 10, 11]
