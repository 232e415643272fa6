"""Route safety and danger analytics on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from sety_dashboard.core.db import read_session
from sety_dashboard.core.settings import reset_settings
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.threat.analytics import danger_analytics
from sety_dashboard.domain.threat.route import RouteSafetyRequest, route_safety
from sety_dashboard.domain.threat.window import resolve_window
from tests.threat_factories import (
    HOT,
    HOT_COUNT,
    NOW,
    QUIET,
    add,
    add_drills,
    build_city,
    make_safe_zone,
    night_time,
    shift,
)

WEST, EAST = shift(HOT, -2500, 0), shift(HOT, 2500, 0)
THROUGH = [list(WEST), list(HOT), list(EAST)]
# The same ends, bending 3 km north of the hot spot.
AROUND = [list(WEST), list(shift(HOT, -2500, 3000)), list(shift(HOT, 2500, 3000)), list(EAST)]


def route(path, **fields):
    with read_session() as session:
        return route_safety(session, request=RouteSafetyRequest(path=path, **fields),
                            window=resolve_window(at=fields.get("departure_at")))


def analytics(point, radius_m=1000, **window):
    with read_session() as session:
        return danger_analytics(session, lat=point[1], lng=point[0], radius_m=radius_m,
                                window=resolve_window(**window))


@pytest.fixture
def city(db, clock):
    return build_city(clock)


def test_a_route_through_the_hot_spot_scores_lower_than_one_around_it(city):
    through, around = route(THROUGH), route(AROUND)
    assert through["score"] < around["score"]
    assert 0 <= through["score"] <= 100 and 0 <= around["score"] <= 100
    assert through["hotspots"] and not around["hotspots"]
    crossed, reach = through["hotspots"][0]["zone_id"], through["hotspots"][0]["radius_m"] + 150
    middle = [s for s in through["segments"] if crossed in s["danger_zone_ids"]]
    # The pieces that touch the zone are those within its radius + the buffer.
    assert middle and all(s["start_m"] < 2500 + reach and s["end_m"] > 2500 - reach
                          for s in middle)
    assert min(s["score"] for s in through["segments"]) == min(s["score"] for s in middle)
    # The advice names the stretch and the zone, and the worst stretch sets the score.
    stretch = [a for a in through["advice"] if "through the danger zone" in a]
    assert stretch and stretch[0].startswith("Between 2.") and " km and 2." in stretch[0], \
        through["advice"]
    assert through["score"] == min(s["score"] for s in through["segments"])


def test_route_segments_cover_the_path_in_order(city):
    r = route(THROUGH)
    segs = r["segments"]
    assert r["distance_m"] == pytest.approx(5000, rel=0.01)
    assert segs[0]["from"] == [round(v, 6) for v in WEST] and segs[-1]["to"] == [round(v, 6)
                                                                                 for v in EAST]
    assert segs[0]["start_m"] == 0 and segs[-1]["end_m"] == r["distance_m"]
    for a, b in zip(segs, segs[1:], strict=False):
        assert a["to"] == b["from"] and a["end_m"] == b["start_m"]
    assert sum(s["incident_count"] for s in segs) == r["incident_count"]
    assert r["incident_count"] >= HOT_COUNT


def test_a_route_names_the_safe_zones_along_it(city):
    make_safe_zone("Ikoyi Police Station", shift(HOT, 1000, 200))
    make_safe_zone("Far Away Hospital", shift(HOT, 1000, 5000), kind="hospital")
    r = route(THROUGH)
    assert [z["name"] for z in r["safe_zones"]] == ["Ikoyi Police Station"]
    zone = r["safe_zones"][0]
    assert zone["distance_m"] == pytest.approx(200, abs=5)
    assert zone["route_position_m"] == pytest.approx(3500, abs=20)
    assert any("Ikoyi Police Station" in a for a in r["advice"])


def test_night_departure_through_a_night_hot_spot_scores_lower(city):
    night = route(THROUGH, departure_at=datetime(2026, 12, 1, 23, 0, tzinfo=UTC))
    day = route(THROUGH, departure_at=datetime(2026, 12, 1, 13, 0, tzinfo=UTC))
    assert night["score"] < day["score"]


def test_drills_change_no_route_and_no_analytics(city, clock):
    before = route(THROUGH), route(AROUND), analytics(HOT), analytics(QUIET)
    add_drills(clock, [HOT, QUIET, shift(HOT, -2500, 3000)], per_point=12)
    assert (route(THROUGH), route(AROUND), analytics(HOT), analytics(QUIET)) == before


def test_a_route_in_an_empty_place_is_safe(city):
    r = route([list(QUIET), list(shift(QUIET, 1000, 0))])
    assert r["score"] == 100.0 and r["incident_count"] == 0 and r["hotspots"] == []
    assert r["advice"][0].startswith("No incidents were recorded")


@pytest.mark.parametrize("body,loc", [
    ({"path": [[3.3, 6.5]]}, ("path",)),
    ({"path": [[3.3, 6.5]] * 1001}, ("path",)),
    ({"path": [[3.3, 6.5], [3.3, 95.0]]}, ("path", 1)),
    ({"path": [[3.3, 6.5], [181.0, 6.5]]}, ("path", 1)),
    ({"path": [[3.3, 6.5], [3.3]]}, ("path", 1)),
    ({"path": [[3.3, 6.5], ["a", 6.5]]}, ("path", 1)),
    ({"path": [[3.3, 6.5], [3.31, 6.5]], "buffer_m": 5}, ("buffer_m",)),
    ({"path": [[3.3, 6.5], [3.31, 6.5]], "speed": 5}, ("speed",)),
])
def test_bad_paths_are_refused(body, loc):
    with pytest.raises(ValidationError) as err:
        RouteSafetyRequest(**body)
    assert err.value.errors()[0]["loc"] == loc


def test_a_path_that_goes_nowhere_is_refused(db, clock):
    with pytest.raises(ValidationFailed) as err:
        route([[3.3, 6.5], [3.3, 6.5]])
    assert err.value.details == [{"field": "path", "issue": "invalid"}]


# -- analytics ------------------------------------------------------------------

def test_analytics_of_the_hot_spot(city):
    a = analytics(HOT, radius_m=500)
    assert a["incident_count"] == HOT_COUNT
    assert sum(a["by_category"].values()) == HOT_COUNT
    assert set(a["by_category"]) == {"security", "sos", "harassment"}
    assert list(a["by_severity"]) == ["low", "medium", "high", "critical"]
    t = a["time_analysis"]
    assert len(t["by_hour"]) == 24 and sum(t["by_hour"]) == HOT_COUNT
    assert len(t["by_weekday"]) == 7 and sum(t["by_weekday"]) == HOT_COUNT
    assert set(t["peak_hours"]) <= {22, 23, 0, 1} and len(t["peak_hours"]) == 3
    assert not set(t["safest_hours"]) & {22, 23, 0, 1}
    c = a["comparison"]
    assert c["ratio"] > 1 and c["area_rate_per_km2"] > c["baseline_rate_per_km2"]
    assert 50 < c["percentile"] <= 100
    p = a["patterns"]
    assert set(p["hotspot_hours"]) <= {22, 23, 0, 1} and p["hotspot_hours"]
    assert "security" in p["recurring_categories"]
    assert p["summary"].startswith(f"{HOT_COUNT} incidents within 500 m")
    assert a["safety_score"]["score"] < 50


def test_analytics_of_a_quiet_place(city):
    a = analytics(QUIET)
    assert a["incident_count"] == 0
    assert a["time_analysis"]["peak_hours"] == [] and a["time_analysis"]["safest_hours"] == []
    assert a["comparison"]["ratio"] == 0 and a["comparison"]["percentile"] == 0
    assert a["prediction"]["expected_incidents_next_7d"] == 0
    assert a["prediction"]["risk_level"] == "low" and a["prediction"]["confidence"] == 0
    assert a["patterns"]["summary"] == "No incidents within 1000 m in the last 90 days."
    assert a["safety_score"]["score"] == 100


def test_prediction_sees_a_rising_trend_and_says_how(db, clock):
    spot = shift(HOT, 0, -5000)
    for k in range(4):        # a few, long ago
        add(clock, night_time(40 + 10 * k, 21), shift(spot, 10 * k, 0))
    for k in range(20):       # many in the last three weeks
        add(clock, night_time(1 + k, 21), shift(spot, 5 * k, 5))
    clock.set(NOW)
    p = analytics(spot, radius_m=500)["prediction"]
    assert p["trend"] == "rising"
    assert p["expected_incidents_next_7d"] == pytest.approx(7 * 20 / 28, abs=0.1)
    assert 0.7 < p["confidence"] < 1
    assert "binomial" in p["method"]


def test_prediction_is_stable_for_a_steady_place(db, clock):
    spot = shift(HOT, 0, -5000)
    for k in range(30):
        add(clock, night_time(1 + 3 * k, 21), shift(spot, 5 * k, 0))
    clock.set(NOW)
    p = analytics(spot, radius_m=500)["prediction"]
    assert p["trend"] == "stable"
    assert p["expected_incidents_next_7d"] == pytest.approx(7 * 30 / 90, abs=0.1)


def test_analytics_hours_are_local_hours(db, clock, monkeypatch):
    for k in range(6):
        add(clock, datetime(2026, 11, 20 + k, 23, 30, tzinfo=UTC), shift(HOT, 5 * k, 0))
    clock.set(NOW)
    assert analytics(HOT)["time_analysis"]["peak_hours"] == [23]
    monkeypatch.setenv("SETY_TIMEZONE", "Africa/Lagos")   # UTC+1
    reset_settings()
    t = analytics(HOT)["time_analysis"]
    assert t["peak_hours"] == [0]
    # 23:30 UTC on Friday 2026-11-20 is 00:30 on Saturday in Lagos.
    assert t["by_weekday"] == [1, 1, 1, 1, 0, 1, 1]
