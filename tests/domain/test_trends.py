"""Trends by day and week with the previous period beside it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from sety_dashboard.core import clock as clock_mod
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import AcknowledgeRequest
from sety_dashboard.domain.incidents.trends import trends, trends_csv
from tests.factories import TEST_ACTOR, make_incident


def _ack(incident_id: str) -> None:
    with write_session() as s:
        service.acknowledge_incident(s, incident_id=incident_id, request=AcknowledgeRequest(),
                                     actor=TEST_ACTOR)


def test_days_with_previous_period_and_csv(db, clock):
    start = clock_mod.now()  # 30 Nov 2026 14:00 UTC
    # Previous period (the 3 days before): one incident acknowledged late.
    clock.set(start - timedelta(days=2))
    late = make_incident(severity="critical")
    clock.advance(40)
    _ack(late)
    # This period: two incidents on day one (10 s and 12 s), one drill, one on day three.
    clock.set(start + timedelta(hours=1))
    for wait in (10, 12):
        iid = make_incident(severity="critical")
        clock.advance(wait)
        _ack(iid)
    make_incident(is_drill=True)
    clock.set(start + timedelta(days=2, hours=1))
    make_incident(severity="low")
    clock.set(start + timedelta(days=3))
    with read_session() as s:
        data = trends(s, since=start, until=start + timedelta(days=3))
    cur, prev = data["current"], data["previous"]
    # Calendar days: 30 Nov (from 14:00), 1 Dec, 2 Dec, 3 Dec (to 14:00).
    assert [b["incidents"] for b in cur["buckets"]] == [2, 0, 1, 0]
    assert cur["totals"]["incidents"] == 3 and cur["totals"]["drills"] == 1
    assert cur["totals"]["mtta_s"] == 11.0
    assert cur["totals"]["stages"]["acknowledge"]["p90_s"] == 12
    # Two acknowledged within 15 s; the low one never was (30 min passed long ago).
    assert cur["totals"]["stages"]["acknowledge"]["breach_rate"] == 0.3333
    assert prev["totals"]["incidents"] == 1
    assert prev["totals"]["stages"]["acknowledge"]["breach_rate"] == 1.0
    rows = list(csv.DictReader(io.StringIO(trends_csv(data))))
    assert rows[0]["period"] == "current" and rows[0]["incidents"] == "2"
    assert {r["period"] for r in rows} == {"current", "previous"}


def test_weeks_and_bad_ranges(db, clock):
    now = clock_mod.now()
    with read_session() as s:
        weeks = trends(s, since=now - timedelta(days=28), until=now, bucket="week")
        assert 4 <= len(weeks["current"]["buckets"]) <= 5
        with pytest.raises(ValidationFailed):
            trends(s, since=now, until=now - timedelta(days=1))
        with pytest.raises(ValidationFailed):
            trends(s, since=now - timedelta(days=1), until=now, bucket="month")
        with pytest.raises(ValidationFailed, match="at most"):
            trends(s, since=now - timedelta(days=900), until=now)
