"""Pasted route points: phone-map "latitude, longitude" lines and GeoJSON."""

from __future__ import annotations

import pytest

from sety_dashboard.domain.threat.pasted_path import PastedPathError, parse_pasted_path

LAGOS = [[3.3792, 6.5244], [3.3892, 6.5344]]   # [lng, lat]


@pytest.mark.parametrize("text", [
    "6.5244, 3.3792\n6.5344, 3.3892",                       # Google Maps copy
    "6.5244,3.3792\r\n\n6.5344 , 3.3892\n",                 # CRLF, blank line, spaces
    "6.5244; 3.3792\n6.5344;3.3892",
    "6.5244\t3.3792\n6.5344\t3.3892",
    "6.5244 3.3792\n6.5344 3.3892",
    "6.5244° N, 3.3792° E\n6.5344° N, 3.3892° E",           # Apple Maps copy
    "3.3792 E, 6.5244 N\n3.3892E, 6.5344N",                 # lettered, longitude first
    "[[3.3792, 6.5244], [3.3892, 6.5344]]",                 # GeoJSON order
    '{"type": "LineString", "coordinates": [[3.3792, 6.5244], [3.3892, 6.5344]]}',
    '{"type": "Feature", "geometry": {"type": "LineString",'
    ' "coordinates": [[3.3792, 6.5244], [3.3892, 6.5344]]}}',
])
def test_every_common_way_of_pasting_reads_the_same_points(text):
    assert parse_pasted_path(text) == LAGOS


def test_southern_and_western_letters_are_negative():
    assert parse_pasted_path("33.8688° S, 151.2093° E\n40.7128 N, 74.0060 W") == [
        [151.2093, -33.8688], [-74.006, 40.7128]]


@pytest.mark.parametrize("text,message", [
    ("", "paste at least two points"),
    ("6.5244", "line 1: expected 'latitude, longitude'"),
    ("6.5, 3.3\nabc, def", "line 2: expected"),
    ("151.2, -33.8", "line 1: latitude 151.2 is beyond ±90 (it looks like the longitude came "
                     "first)"),
    ("6.5, 200", "line 1: longitude 200 is beyond ±180"),
    ("[[3.3, 6.5], [3.4]]", "point 2: expected [longitude, latitude]"),
    ("[[3.3, 6.5], [3.4, 95]]", "point 2: latitude 95 is beyond ±90"),
    ("[1, 2", "that is not valid JSON"),
    ('{"type": "Point"}', "expected a list of [longitude, latitude] pairs"),
])
def test_mistakes_are_explained(text, message):
    with pytest.raises(PastedPathError) as err:
        parse_pasted_path(text)
    assert str(err.value).startswith(message), str(err.value)
