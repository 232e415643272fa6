"""Heatmaps and danger zones on both databases: indexed, complete, stable."""

from __future__ import annotations

import h3
import pytest
from sqlalchemy import text

from sety_dashboard.core import db as db_mod
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.threat.area import Area, danger_zones
from sety_dashboard.domain.threat.geometry import BBox, haversine_m, parse_bbox
from sety_dashboard.domain.threat.heatmap import heatmap
from sety_dashboard.domain.threat.points import time_binds, window_filter
from sety_dashboard.domain.threat.window import resolve_window
from tests.threat_factories import (
    BACKGROUND_COUNT,
    HOT,
    HOT_COUNT,
    QUIET,
    add_drills,
    build_city,
    shift,
)

CITY_BOX = BBox(3.30, 6.45, 3.46, 6.60)


def heat(bbox=CITY_BOX, resolution=8, **window):
    with read_session() as session:
        return heatmap(session, bbox=bbox, resolution=resolution, window=resolve_window(**window))


def zones(area, **window):
    with read_session() as session:
        return danger_zones(session, area=area, window=resolve_window(**window))["data"]


@pytest.fixture
def city(db, clock):
    return build_city(clock)


@pytest.mark.parametrize("resolution", [5, 6, 7, 8, 9, 10, 11])
def test_heatmap_counts_every_incident_once_at_every_resolution(city, resolution):
    h = heat(resolution=resolution)
    assert h["total"] == HOT_COUNT + BACKGROUND_COUNT
    assert sum(c["count"] for c in h["cells"]) == h["total"]
    assert all(h3.get_resolution(c["cell_id"]) == resolution for c in h["cells"])
    weights = [c["weight"] for c in h["cells"]]
    assert weights == sorted(weights, reverse=True) and h["max_weight"] == weights[0]
    assert all(c["count"] > 0 for c in h["cells"])  # empty cells are not listed


def test_heatmap_cells_are_the_incidents_cells(city):
    h = heat(resolution=9)
    top = h["cells"][0]
    hot_cell = h3.latlng_to_cell(HOT[1], HOT[0], 9)
    assert top["cell_id"] in h3.grid_disk(hot_cell, 1)
    lat, lng = h3.cell_to_latlng(top["cell_id"])
    assert top["center"] == [round(lng, 6), round(lat, 6)]


def test_heatmap_weights_follow_severity_and_age(db, clock):
    from tests.threat_factories import NOW, add, night_time
    add(clock, night_time(1, 23), HOT, severity="critical")
    add(clock, night_time(80, 23), QUIET, severity="low")
    clock.set(NOW)
    cells = {c["count"]: c["weight"] for c in heat(BBox(3.3, 6.5, 3.4, 6.6))["cells"]}
    assert heat(BBox(3.3, 6.5, 3.4, 6.6))["cells"][0]["weight"] == 4.0   # critical, this week
    assert sorted(c["weight"] for c in heat(BBox(3.3, 6.5, 3.4, 6.6))["cells"]) == [0.3, 4.0]
    assert cells


def test_heatmap_leaves_out_what_is_outside_the_box_or_the_window(city):
    assert heat(BBox(3.0, 6.0, 3.1, 6.1))["cells"] == []
    only_hot = heat(BBox(HOT[0] - 0.004, HOT[1] - 0.004, HOT[0] + 0.004, HOT[1] + 0.004),
                    resolution=10)
    assert only_hot["total"] == HOT_COUNT
    from datetime import UTC, datetime
    recent = heat(since=datetime(2026, 11, 20, tzinfo=UTC))
    assert 0 < recent["total"] < HOT_COUNT + BACKGROUND_COUNT


def test_heatmap_refuses_boxes_too_big_for_the_resolution(db, clock):
    with pytest.raises(ValidationFailed) as err:
        heat(parse_bbox("2.0,5.0,5.0,8.0"), resolution=11)
    assert err.value.details == [{"field": "bbox", "issue": "too_large"}]
    assert heat(parse_bbox("2.0,5.0,5.0,8.0"), resolution=5)["cells"] == []


@pytest.mark.parametrize("value,issue", [
    (None, "required"), ("1,2,3", "invalid"), ("a,b,c,d", "invalid"), ("3,6,2,7", "invalid"),
    ("3,6,3,7", "invalid"), ("-181,6,3,7", "out_of_range"), ("3,-91,4,7", "out_of_range"),
    ("3,6,4,nan", "invalid"),
])
def test_bad_boxes_are_validation_errors(value, issue):
    with pytest.raises(ValidationFailed) as err:
        parse_bbox(value)
    assert err.value.details == [{"field": "bbox", "issue": issue}]


def test_drills_change_no_heatmap_and_no_zone(city, clock):
    before = heat(), heat(resolution=10), zones(Area(bbox=CITY_BOX))
    add_drills(clock, [HOT, QUIET, shift(HOT, 2000, 2000)], per_point=15)
    assert (heat(), heat(resolution=10), zones(Area(bbox=CITY_BOX))) == before


def test_the_hot_spot_is_a_danger_zone_and_quiet_ground_is_not(city):
    found = zones(Area(bbox=CITY_BOX))
    assert len(found) >= 1
    zone = found[0]
    assert zone["zone_id"].startswith("zone_") and len(zone["zone_id"]) == 21
    assert haversine_m(HOT[1], HOT[0], zone["center"][1], zone["center"][0]) < 200
    assert zone["incident_count"] >= HOT_COUNT * 0.8
    assert zone["risk_level"] in ("high", "severe") and 0 <= zone["score"] <= 100
    assert zone["top_categories"][0] in ("security", "sos", "harassment")
    assert set(zone["peak_hours"]) <= {22, 23, 0, 1}
    assert zone["last_incident_at"].endswith("Z")
    assert zones(Area(lat=QUIET[1], lng=QUIET[0], radius_m=1000)) == []


def test_zones_are_the_same_whichever_way_they_are_asked_for(city):
    by_box = zones(Area(bbox=CITY_BOX))[0]
    by_circle = zones(Area(lat=HOT[1], lng=HOT[0], radius_m=3000))[0]
    small_box = zones(Area(bbox=BBox(HOT[0] - 0.01, HOT[1] - 0.01, HOT[0] + 0.01, HOT[1] + 0.01)))
    assert by_box == by_circle == small_box[0]


def test_zones_are_sorted_by_score(city, clock):
    # A second, weaker cluster 3 km away.
    from tests.threat_factories import NOW, add, night_time
    second = shift(HOT, 0, -3000)
    for k in range(14):
        add(clock, night_time(2 + k, 20), shift(second, 8 * k, 0), category="accident",
            severity="high")
    clock.set(NOW)
    found = zones(Area(bbox=CITY_BOX))
    assert len(found) >= 2
    assert [z["score"] for z in found] == sorted((z["score"] for z in found), reverse=True)


def _grow_table(copies: int) -> None:
    """Copy every incident `copies` times into other cells, then gather the
    statistics a planner decides by (a 40-row table is read whole anyway)."""
    from sety_dashboard.domain.incidents.models import Incident

    cols = [c.name for c in Incident.__table__.columns]
    pick = {"id": "id || '_' || CAST(g.n AS VARCHAR(8))", "h3_r8": "h3_r8 + g.n"}
    exprs = ", ".join(pick.get(c, c) for c in cols)
    with write_session() as session:
        session.execute(text(
            f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {copies})"
            f" INSERT INTO incidents ({', '.join(cols)}) SELECT {exprs} FROM incidents, g"))
    with write_session() as session:
        session.execute(text("ANALYZE incidents" if db_mod.is_postgres() else "ANALYZE"))


def test_area_queries_read_the_covering_index(city, db):
    """Indexed, not scanned: with real statistics, both planners answer the
    area query from the covering threat index."""
    _grow_table(300)
    where, params = window_filter(resolve_window())
    params["cells"] = [h3.str_to_int(h3.latlng_to_cell(HOT[1], HOT[0], 8))]
    explain = "EXPLAIN" if db.is_postgres else "EXPLAIN QUERY PLAN"
    stmt = time_binds(f"{explain} SELECT h3_r11, lat, lng, created_at, severity, category"
                      f" FROM incidents WHERE h3_r8 IN :cells AND {where}", cells=True)
    with read_session() as session:
        plan = " ".join(str(r) for r in session.execute(stmt, params).all())
    assert "ix_incidents_threat_area" in plan, plan
    assert "Seq Scan" not in plan and "SCAN incidents" not in plan, plan
