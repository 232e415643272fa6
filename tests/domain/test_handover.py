"""Shift handover: open incidents, deadlines missed during the shift, notes."""

from __future__ import annotations

import pytest

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.incidents import handover, service
from sety_dashboard.domain.incidents.inputs import AcknowledgeRequest, ResolveRequest
from tests.factories import TEST_ACTOR, make_incident


def test_handover_lists_open_breaches_and_notes(db, clock):
    old = make_incident(severity="critical", title="Before the shift")
    clock.advance(hours=9)  # the acknowledge deadline of `old` was 9 h ago: last shift
    make_incident(severity="critical", title="Late this shift")
    on_time = make_incident(severity="critical", title="On time")
    with write_session() as s:
        service.acknowledge_incident(s, incident_id=on_time, request=AcknowledgeRequest(),
                                     actor=TEST_ACTOR)
        service.resolve_incident(s, incident_id=on_time,
                                 request=ResolveRequest(resolution_outcome="handled"),
                                 actor=TEST_ACTOR)
    clock.advance(30)
    with write_session() as s:
        handover.add_note(s, message="  Gate B camera is down; check with facilities.  ",
                          actor=TEST_ACTOR)
        with pytest.raises(ValidationFailed, match="write the note"):
            handover.add_note(s, message="   ", actor=TEST_ACTOR)
    with read_session() as s:
        h = handover.handover(s, shift_hours=8)
        with pytest.raises(ValidationFailed):
            handover.handover(s, shift_hours=5)
    assert [o["title"] for o in h["open"]] == ["Before the shift", "Late this shift"]
    assert h["open"][1]["age_s"] == 30
    assert [(b["title"], b["stage"]) for b in h["breached"]] == [("Late this shift",
                                                                  "acknowledge")]
    assert h["notes"][0]["message"] == "Gate B camera is down; check with facilities."
    assert old  # its breach belongs to the shift before
