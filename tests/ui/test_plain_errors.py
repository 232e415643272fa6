"""Refusals in plain words, and the CSVs in the desk's local time."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import pytest

from sety_dashboard.domain.access.export import local_iso, logs_csv, roll_call_csv
from sety_dashboard.domain.access.inputs import CreateAccessCodeRequest
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.ui.plain_errors import plain_error


@pytest.mark.parametrize("fields,words", [
    ({"visitor_name": ""}, "Visitor must not be empty."),
    ({"visitor_name": "A", "visitor_phone": "0803"},
     "Phone must be in E.164 form, e.g. +2348012345678."),
    ({"visitor_name": "A", "max_uses": 0}, "Uses must be at least 1."),
    ({"visitor_name": "A", "code": "a!"}, "Code must be 4 to 12 letters or digits."),
    ({"visitor_name": "A", "valid_until": "soon"}, "Valid until must be a date and time."),
    ({"visitor_name": "A", "colour": "red"}, "Colour is not something this form takes."),
    ({"visitor_name": "x" * 201}, "Visitor is too long (at most 200 characters)."),
])
def test_validation_errors_read_as_sentences(fields, words):
    with pytest.raises(ValueError) as err:
        CreateAccessCodeRequest(**fields)
    text = plain_error(err.value)
    assert text == words
    assert "Value error" not in text


def test_domain_refusals_name_fields_as_words():
    exc = ValidationFailed("valid_until must be after valid_from", "valid_until", "x")
    assert plain_error(exc) == "Valid until must be after valid from."


def test_csv_times_are_local_with_offset():
    lagos = ZoneInfo("Africa/Lagos")
    assert local_iso("2026-12-01T14:04:05.000Z", lagos) == "2026-12-01T15:04:05+01:00"
    body = logs_csv([{"log_id": "acl_1", "visitor_name": "Ada",
                      "check_in_at": "2026-12-01T14:04:05.000Z"}], lagos)
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert row["check_in_at"] == "2026-12-01T15:04:05+01:00"
    # Without a zone (the API's export) the API's own times stay.
    [api_row] = list(csv.DictReader(io.StringIO(logs_csv(
        [{"log_id": "acl_1", "check_in_at": "2026-12-01T14:04:05.000Z"}]))))
    assert api_row["check_in_at"] == "2026-12-01T14:04:05.000Z"


def test_roll_call_csv_says_drill_and_lists_missing_first():
    view = {"category": "fire", "site": "HQ", "is_drill": True,
            "started_at": "2026-12-01T14:00:00.000Z", "count": 2, "accounted": 1, "missing": 1,
            "data": [{"log_id": "a", "visitor_name": "Ada", "accounted": True,
                      "accounted_at": "2026-12-01T14:02:00.000Z", "accounted_by": "Funmi"},
                     {"log_id": "b", "visitor_name": "Bola", "accounted": False}]}
    rows = list(csv.reader(io.StringIO(roll_call_csv(view, ZoneInfo("UTC")))))
    assert rows[0] == ["DRILL FIRE roll call", "HQ", "2026-12-01T14:00:00+00:00",
                       "1 of 2 safe", "1 missing"]
    assert [(r[0], r[1], r[7], r[8]) for r in rows[2:]] == [
        ("missing", "Bola", "", ""), ("safe", "Ada", "2026-12-01T14:02:00+00:00", "Funmi")]
