"""The visitor board's rows and figures, shaped from the access views."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sety_dashboard.ui.viewmodels.visitor_rows import (
    EMERGENCIES_TOPIC,
    VISITORS_TOPIC,
    access_topics,
    code_fits_site,
    code_row,
    emergency_topics,
    local_input_to_utc,
    log_row,
    same_site,
    start_of_day,
    stat_cards,
    stay_text,
)

LAGOS = ZoneInfo("Africa/Lagos")


def test_stays_are_said_as_a_desk_says_them() -> None:
    assert [stay_text(s) for s in (None, 0, 29, 30, 59 * 60, 3600, 3600 + 5 * 60, 27 * 3600)] == [
        "—", "< 1 min", "< 1 min", "1 min", "59 min", "1 h 00 min", "1 h 05 min", "27 h 00 min"]


def test_a_log_row_says_the_stay_only_once_it_is_over() -> None:
    view = {"log_id": "acl_1", "visitor_name": "Chidi Okeke", "visitor_phone": None,
            "host_name": "Ngozi", "purpose": None, "site": "HQ", "method": "walk_in",
            "status": "checked_in", "check_in_at": "2026-11-30T14:00:00.000Z",
            "check_out_at": None, "duration_s": None, "checked_in_by_name": "Femi"}
    assert log_row(view).stay == "" and log_row(view).phone == ""
    done = log_row({**view, "status": "checked_out", "duration_s": 4000,
                    "check_out_at": "2026-11-30T15:06:40.000Z"})
    assert (done.stay, done.check_out_at) == ("1 h 07 min", "2026-11-30T15:06:40.000Z")


def test_a_code_whose_window_opens_later_is_marked() -> None:
    view = {"code_id": "acc_1", "code": "482913", "visitor_name": "Bola", "host_name": None,
            "purpose": None, "site": None, "valid_from": "2026-12-01T08:00:00.000Z",
            "valid_until": "2026-12-01T18:00:00.000Z", "uses": 0, "max_uses": 1,
            "status": "active"}
    assert code_row(view, "2026-11-30T14:00:00.000Z").opens_later
    assert not code_row(view, "2026-12-01T08:00:00.000Z").opens_later


def test_stat_cards() -> None:
    by_hour = [0] * 24
    by_hour[9] = 3
    cards = stat_cards({"total_visits": 5, "currently_inside": 2, "average_duration_s": 5400.0,
                        "median_duration_s": None, "peak_occupancy": 3,
                        "peak_at": "2026-11-30T09:30:00.000Z", "denied_attempts": 1,
                        "by_hour": by_hour})
    assert (cards.visits_today, cards.inside_now, cards.average_stay, cards.median_stay,
            cards.peak, cards.denied) == (5, 2, "1 h 30 min", "—", 3, 1)
    assert cards.by_hour[9] == {"hour": "09", "visits": 3} and len(cards.by_hour) == 24


def test_sites_compare_case_insensitively_and_all_means_all() -> None:
    assert same_site("HQ", "hq") and same_site(None, "") and same_site("HQ", "")
    assert not same_site(None, "HQ") and not same_site("Abuja Office", "HQ")
    # A code for no site admits everywhere, so every desk lists it.
    assert code_fits_site(None, "HQ") and code_fits_site("hq", "HQ")
    assert not code_fits_site("Abuja Office", "HQ")


def test_the_day_starts_at_local_midnight() -> None:
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 December in Lagos
    assert start_of_day(late, LAGOS).astimezone(UTC) == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert start_of_day(late, ZoneInfo("UTC")) == datetime(2026, 11, 30, tzinfo=UTC)


def test_a_datetime_local_field_is_read_in_the_desks_zone() -> None:
    assert local_input_to_utc("", LAGOS) is None
    got = local_input_to_utc("2026-12-01T08:00", LAGOS)
    assert got is not None and got.astimezone(UTC) == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


def test_which_events_concern_the_boards() -> None:
    assert access_topics({"site": "HQ"}) == [VISITORS_TOPIC]
    assert emergency_topics({"category": "fire"}) == [EMERGENCIES_TOPIC]
    assert emergency_topics({"category": "sos"}) == [EMERGENCIES_TOPIC]
    assert emergency_topics({"category": "medical"}) == []
