"""Visitor statistics on a known data set, and the occupancy sweep by itself."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sety_dashboard.core.db import read_session
from sety_dashboard.core.settings import reset_settings
from sety_dashboard.domain.access.stats import access_stats, median, peak_occupancy
from sety_dashboard.domain.errors import ValidationFailed
from tests.access_factories import check_in, check_out, make_code, walk_in


def at(hhmm: str, day: int = 30) -> datetime:
    h, m = hhmm.split(":")
    return datetime(2026, 11, day, int(h), int(m), tzinfo=UTC)


def stats(**kw) -> dict:
    kw.setdefault("since", None)
    kw.setdefault("until", None)
    kw.setdefault("site", None)
    with read_session() as session:
        return access_stats(session, **kw)


# -- the sweep alone -------------------------------------------------------------

def test_peak_of_nothing_is_zero():
    assert peak_occupancy([], None, at("12:00")) == (0, None)


def test_leaving_and_arriving_at_one_instant_do_not_overlap():
    visits = [(at("09:00"), at("10:00")), (at("10:00"), at("11:00"))]
    assert peak_occupancy(visits, None, at("12:00")) == (1, at("09:00"))


def test_peak_is_first_reached_and_open_visits_stay_inside():
    visits = [(at("09:00"), None), (at("09:30"), at("10:00")), (at("11:00"), at("11:30"))]
    assert peak_occupancy(visits, None, at("12:00")) == (2, at("09:30"))


def test_visits_begun_before_the_window_count_from_its_start():
    visits = [(at("08:00"), at("10:00")), (at("08:30"), None), (at("07:00"), at("08:00"))]
    assert peak_occupancy(visits, at("09:00"), at("12:00")) == (2, at("09:00"))


def test_visits_after_the_window_end_are_ignored():
    visits = [(at("09:00"), None), (at("13:00"), at("13:30"))]
    assert peak_occupancy(visits, None, at("12:00")) == (1, at("09:00"))


def test_median_even_and_odd():
    assert median([]) is None
    assert median([5.0, 1.0, 3.0]) == 3.0
    assert median([3600.0, 7200.0, 1800.0, 7200.0]) == 5400.0


# -- on the database -------------------------------------------------------------

@pytest.fixture
def day(db, clock):
    """Six visits on 2026-11-30 (times UTC), two people still inside at 14:00,
    and one refused code at each of two sites."""

    def visit(name, site, t_in, t_out=None, phone=None):
        clock.set(at(t_in))
        log = walk_in(name, site=site, visitor_phone=phone)
        return (log, t_out)

    plan = [
        visit("Ada Obi", "HQ", "09:00", "10:00", phone="+2348000000001"),
        visit("Bayo Ojo", "HQ", "09:30", "11:30"),
        visit("Chi Eze", "HQ", "10:00", "10:30"),
        visit("Ada  obi", "HQ", "10:15", "12:15", phone="+2348000000001"),
        visit("Dayo Ali", "Abuja Office", "10:20"),
        visit("Efe Uzo", "HQ", "13:00"),
    ]
    for log, t_out in sorted((p for p in plan if p[1]), key=lambda p: p[1]):
        clock.set(at(t_out))
        check_out(log.id)
    clock.set(at("13:30"))
    make_code(code="DEAD01", site="HQ", valid_until=at("13:45"))
    make_code(code="DEAD02", site="Abuja Office", valid_until=at("13:45"))
    clock.set(at("14:00"))
    assert check_in(access_code="DEAD01").reason == "expired"
    assert check_in(access_code="DEAD02").reason == "expired"
    return clock


def test_site_stats_on_a_known_day(day):
    s = stats(site="HQ")
    assert s["total_visits"] == 5
    assert s["currently_inside"] == 1
    assert s["unique_visitors"] == 4  # Ada came twice (same phone)
    assert s["average_duration_s"] == 4950.0  # 3600, 7200, 1800, 7200
    assert s["median_duration_s"] == 5400.0
    assert s["peak_occupancy"] == 3
    assert s["peak_at"] == "2026-11-30T10:15:00.000Z"
    assert s["denied_attempts"] == 1
    assert s["by_hour"][9] == 2 and s["by_hour"][10] == 2 and s["by_hour"][13] == 1
    assert sum(s["by_hour"]) == 5
    assert s["by_day"] == [{"date": "2026-11-30", "visits": 5}]


def test_all_sites(day):
    s = stats()
    assert (s["total_visits"], s["unique_visitors"], s["currently_inside"]) == (6, 5, 2)
    assert (s["peak_occupancy"], s["peak_at"]) == (4, "2026-11-30T10:20:00.000Z")
    assert s["denied_attempts"] == 2


def test_window(day):
    s = stats(site="HQ", since=at("10:00"), until=at("11:00"))
    assert s["total_visits"] == 2  # Chi at 10:00, Ada at 10:15
    assert s["median_duration_s"] == 4500.0 and s["average_duration_s"] == 4500.0
    # Bayo was inside from before; Ada's first visit ended exactly at 10:00.
    assert (s["peak_occupancy"], s["peak_at"]) == (3, "2026-11-30T10:15:00.000Z")
    assert s["denied_attempts"] == 0
    assert s["by_day"] == [{"date": "2026-11-30", "visits": 2}]


def test_by_day_lists_every_day_of_the_window(day):
    s = stats(since=at("00:00", day=28), until=at("12:00"))
    assert s["by_day"] == [{"date": "2026-11-28", "visits": 0},
                           {"date": "2026-11-29", "visits": 0},
                           {"date": "2026-11-30", "visits": 5}]


def test_empty_stats(db, clock):
    s = stats()
    assert s["total_visits"] == 0 and s["peak_occupancy"] == 0 and s["peak_at"] is None
    assert s["average_duration_s"] is None and s["median_duration_s"] is None
    assert s["by_hour"] == [0] * 24
    assert s["by_day"] == [{"date": "2026-11-30", "visits": 0}]


def test_hours_and_days_are_local(db, clock, monkeypatch):
    monkeypatch.setenv("SETY_TIMEZONE", "Africa/Lagos")  # UTC+1
    reset_settings()
    clock.set(at("23:30"))
    walk_in("Late Visitor")
    clock.set(at("23:45"))
    s = stats()
    assert s["by_hour"][0] == 1
    assert s["by_day"] == [{"date": "2026-12-01", "visits": 1}]


def test_since_after_until_is_refused(db, clock):
    with pytest.raises(ValidationFailed):
        stats(since=at("12:00"), until=at("11:00"))
