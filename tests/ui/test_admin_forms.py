"""The admin forms' conversions: durations as the room writes them, the
drill templates and places as an incident request."""

from __future__ import annotations

import pytest

from sety_dashboard.core.localtime import local_zone
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.incidents.drill_templates import (
    TEMPLATES,
    Place,
    drill_title,
    incident_request,
    typed_place,
)
from sety_dashboard.ui.state.drill import parse_local
from sety_dashboard.ui.viewmodels.durations import format_duration, parse_duration


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


def test_drill_template_makes_the_incident_request() -> None:
    t = TEMPLATES["fire_evacuation"]
    place = Place(site="Lagos Warehouse", lng=3.349, lat=6.555, address="12 Oshodi Rd")
    req = incident_request(t, place, drill_title(t, place))
    assert req.is_drill and req.site == "Lagos Warehouse" and req.category == "fire"
    assert req.title == "Fire evacuation drill — Lagos Warehouse"
    assert req.location.coordinates == (3.349, 6.555) and req.severity == "critical"
    street = incident_request(TEMPLATES["street_sos"], place, "Street")
    assert street.site is None and street.category == "sos"  # near the site, not at it


def test_typed_place_and_local_start_time() -> None:
    place = typed_place("", "9,05", "7.49", "Garki")
    assert place.site is None and (place.lat, place.lng) == (9.05, 7.49)
    assert drill_title(TEMPLATES["medical"], place) == "Medical drill — Garki"
    with pytest.raises(ValidationFailed, match="Latitude must be a number"):
        typed_place("", "north", "7", None)
    with pytest.raises(ValidationFailed, match="Latitude must be between"):
        typed_place("", "95", "7", None)
    with pytest.raises(ValidationFailed, match="date and time"):
        parse_local("")
    assert parse_local("2026-12-01T14:30:05").astimezone(local_zone()).strftime(
        "%H:%M:%S") == "14:30:05"
