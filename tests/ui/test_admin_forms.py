"""The admin forms' conversions: durations as the room writes them, the
drill dialog's form as an incident request."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.ui.state.drill import CUSTOM, drill_request
from sety_dashboard.ui.state.sla_admin import format_duration, parse_duration


@pytest.mark.parametrize(("text", "seconds"), [
    ("90", 90), ("15 s", 15), ("5 min", 300), ("5m", 300), ("4 h", 14400),
    ("1 h 30 min", 5400), ("2d", 172800), (" 1,5 h ", 5400), ("1 day", 86400)])
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text, "acknowledge") == seconds


@pytest.mark.parametrize("text", ["", "soon", "5 weeks", "5 min later", "-5"])
def test_parse_duration_refuses_in_words(text: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        parse_duration(text, "dispatch")
    assert err.value.message.startswith("dispatch:")


@pytest.mark.parametrize(("seconds", "text"), [
    (15, "15 s"), (60, "1 min"), (300, "5 min"), (3600, "1 h"), (5400, "1 h 30 min"),
    (86400 * 3, "3 d"), (90, "1 min 30 s")])
def test_format_duration_round_trips(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text
    assert parse_duration(text, "x") == seconds


def test_drill_at_a_site_takes_its_place() -> None:
    req = drill_request({"title": "Evacuation", "subject_name": ""}, "Lagos Warehouse", "fire")
    assert req.is_drill and req.site == "Lagos Warehouse" and req.title == "Evacuation"
    assert req.location.coordinates == (3.3490, 6.5550)
    assert req.subject.name == "Drill participant"


def test_drill_with_typed_coordinates() -> None:
    req = drill_request({"lat": "9,05", "lng": "7.49", "address": "Garki"}, CUSTOM, "medical")
    assert req.site is None and req.location.coordinates == (7.49, 9.05)
    with pytest.raises(ValidationFailed):
        drill_request({"lat": "north", "lng": "7"}, CUSTOM, "medical")
    with pytest.raises(ValidationError):
        drill_request({"lat": "95", "lng": "7"}, CUSTOM, "medical")
    with pytest.raises(ValidationError):
        drill_request({}, "HQ", "earthquake")
