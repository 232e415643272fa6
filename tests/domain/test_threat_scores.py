"""Safety scores: the invariants any sound model keeps, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.threat.score import safety_score
from sety_dashboard.domain.threat.window import resolve_window
from tests.threat_factories import HOT, NOW, QUIET, add, add_drills, build_city, make_safe_zone, shift


def score(point, at=None, radius_m=None, **window):
    with read_session() as session:
        return safety_score(session, lat=point[1], lng=point[0], radius_m=radius_m, at=at,
                            window=resolve_window(at=at, **window))


@pytest.fixture
def city(db, clock):
    return build_city(clock)


def test_a_hot_spot_scores_lower_than_a_quiet_place(city):
    hot, quiet = score(HOT), score(QUIET)
    assert hot["score"] < quiet["score"]
    assert quiet["score"] == 100.0 and quiet["grade"] == "A" and quiet["level"] == "very_safe"
    assert hot["nearby_incidents"] >= 20
    assert hot["level"] in ("unsafe", "dangerous")
    for s in (hot, quiet):
        assert 0 <= s["score"] <= 100


def test_every_score_lists_the_factors_that_moved_it(city):
    s = score(HOT)
    names = [f["name"] for f in s["factors"]]
    assert names[0] == "incident_density" and "near_repeat" in names
    assert all(f["detail"] for f in s["factors"])
    # Factors are the steps from 100 to the score.
    assert sum(f["impact"] for f in s["factors"]) == pytest.approx(s["score"] - 100, abs=0.3)
    assert score(QUIET)["factors"][0]["detail"].startswith("no incidents within 500 m")


def test_the_same_place_scores_lower_at_night_when_incidents_happen_at_night(city):
    night = score(HOT, at=datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    day = score(HOT, at=datetime(2026, 12, 1, 14, 0, tzinfo=UTC))
    assert night["score"] < day["score"]
    assert night["at"] == "2026-12-01T02:00:00.000Z"
    hour = {f["name"]: f for f in night["factors"]}["time_of_day"]
    assert hour["impact"] < 0 and "02:00" in hour["detail"]


def test_drills_change_nothing(city, clock):
    before = [score(HOT), score(QUIET), score(shift(HOT, 1500, 0))]
    add_drills(clock, [HOT, QUIET, shift(HOT, 1500, 0)])
    after = [score(HOT), score(QUIET), score(shift(HOT, 1500, 0))]
    assert after == before


def test_same_data_and_same_moment_give_the_same_answer(city):
    at = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)
    assert score(HOT, at=at) == score(HOT, at=at)


def test_new_incidents_lower_the_score_at_once(city, clock):
    first = score(shift(HOT, 900, 0))
    for k in range(8):
        add(clock, night_time_for(k), shift(HOT, 900 + 10 * k, 0), category="sos")
    clock.set(NOW)
    assert score(shift(HOT, 900, 0))["score"] < first["score"]


def night_time_for(k: int) -> datetime:
    return datetime(2026, 11, 29 - k, 23, 0, tzinfo=UTC)


def test_scores_stay_in_range_everywhere(city, clock):
    # A pile of critical incidents on one spot cannot push a score below 0.
    for k in range(30):
        add(clock, datetime(2026, 11, 29, 23, k, tzinfo=UTC), HOT, category="sos",
            severity="critical")
    clock.set(NOW)
    for radius in (1, 50, 500, 5000, 50000):
        s = score(HOT, radius_m=radius)
        assert 0 <= s["score"] <= 100
        assert s["radius_m"] == radius


def test_an_open_safe_zone_nearby_raises_the_score_and_is_named(city):
    point = shift(HOT, 1500, 0)
    before = score(point, radius_m=2000)
    make_safe_zone("Ikoyi Police Station", shift(point, 100, 0))
    after = score(point, radius_m=2000)
    factors = {f["name"]: f for f in after["factors"]}
    assert after["score"] > before["score"] or before["score"] == 100
    assert "Ikoyi Police Station" in factors["safe_zones"]["detail"]


def test_a_daytime_safe_zone_does_not_count_at_night(city):
    point = shift(HOT, 1500, 0)
    make_safe_zone("Clinic", shift(point, 50, 0), kind="hospital", open_24h=False)
    day = score(point, at=datetime(2026, 12, 1, 11, 0, tzinfo=UTC), radius_m=2000)
    night = score(point, at=datetime(2026, 12, 1, 2, 0, tzinfo=UTC), radius_m=2000)
    assert "safe_zones" in {f["name"] for f in day["factors"]}
    assert "safe_zones" not in {f["name"] for f in night["factors"]}


def test_an_empty_database_scores_everything_safe(db, clock):
    s = score(HOT)
    assert s["score"] == 100.0 and s["nearby_incidents"] == 0


def test_a_category_filter_counts_only_that_category(city):
    all_ = score(HOT)
    medical = score(HOT, categories=["medical"])
    assert medical["nearby_incidents"] == 0 and all_["nearby_incidents"] > 0


def test_a_place_inside_a_danger_zone_scores_no_higher_than_the_zone_allows(city):
    """At 14:00 the night-time hot spot's own incidents weigh less, but it is
    still inside a danger zone: the zone's cap holds, and says so."""
    from sety_dashboard.domain.threat import weights as W
    from sety_dashboard.domain.threat.area import Area, danger_zones

    with read_session() as session:
        zone = danger_zones(session, area=Area(lat=HOT[1], lng=HOT[0], radius_m=500),
                            window=resolve_window())["data"][0]
    day = score(HOT, at=datetime(2026, 11, 30, 14, 0, tzinfo=UTC))
    assert day["score"] <= W.zone_cap(zone["risk_level"])
    factor = {f["name"]: f for f in day["factors"]}["danger_zone"]
    assert "near Oshodi" in factor["detail"] and zone["risk_level"] in factor["detail"]
    assert sum(f["impact"] for f in day["factors"]) == pytest.approx(day["score"] - 100, abs=0.3)
    assert "danger_zone" not in {f["name"] for f in score(QUIET)["factors"]}
