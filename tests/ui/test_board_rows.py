"""Board rows from real incidents: order, filters, counters."""

from __future__ import annotations

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import AcknowledgeRequest
from sety_dashboard.domain.incidents.read_model import incident_view
from sety_dashboard.ui.viewmodels.board_rows import BoardFilters, counters, entry_for, visible_rows
from tests.factories import DISPATCHER, make_incident


def _entries(*ids: str) -> dict:
    with read_session() as s:
        return {i: entry_for(incident_view(s, service.get_incident(s, i))) for i in ids}


def test_most_urgent_first_then_filters_and_counters(db, clock) -> None:
    low = make_incident(category="other", severity="low", subject={"name": "Low One"})
    clock.advance(5)
    high = make_incident(category="security", subject={"name": "High One"})
    clock.advance(5)
    crit_new = make_incident(subject={"name": "Crit Late"})
    clock.advance(5)
    drill = make_incident(subject={"name": "Drill Person"}, is_drill=True)
    with write_session() as s:
        service.acknowledge_incident(s, incident_id=crit_new, request=AcknowledgeRequest(),
                                     actor=DISPATCHER)
    entries = _entries(low, high, crit_new, drill)

    order = [r.incident_id for r in visible_rows(entries, BoardFilters())]
    # Unacknowledged first (critical drill, high, low), then the acknowledged
    # critical one still to dispatch (domain/incidents/triage.py).
    assert order == [drill, high, low, crit_new]
    assert [r.incident_id for r in visible_rows(entries, BoardFilters(show_drills=False))] == \
        [high, low, crit_new]
    assert [r.incident_id for r in visible_rows(entries, BoardFilters(q="high one"))] == [high]
    assert [r.incident_id for r in visible_rows(entries, BoardFilters(status="acknowledged"))] \
        == [crit_new]
    assert [r.incident_id for r in visible_rows(entries, BoardFilters(category="other"))] == [low]

    assert counters(entries, show_drills=True) == {"open": 4, "unacknowledged": 3,
                                                   "waiting": 0, "late": 0, "on_scene": 0}
    assert counters(entries, show_drills=False)["open"] == 3


def test_row_carries_what_the_countdown_needs(db, clock) -> None:
    inc = make_incident()
    row = visible_rows(_entries(inc), BoardFilters())[0]
    assert row.sla_stage == "acknowledge"
    assert row.sla_start == "2026-11-30T14:00:00.000Z"
    assert row.sla_due == "2026-11-30T14:00:15.000Z"
    assert row.place == "14 Bourdillon Road, Ikoyi, Lagos" and row.lat == 6.5244


def test_overdue_on_our_side_and_late_to_close_are_told_apart(db, clock) -> None:
    """Critical: acknowledge in 15 s, dispatch in 60 s, resolve in 1 h (defaults)."""
    from sety_dashboard.domain.incidents.inputs import AssignRequest
    from sety_dashboard.domain.responders.inputs import CreateResponderRequest
    from sety_dashboard.domain.responders.service import create_responder

    waiting = make_incident(subject={"name": "Nobody Came"})
    handled = make_incident(subject={"name": "Unit On It"})
    with write_session() as s:
        unit = create_responder(s, request=CreateResponderRequest(name="Unit 9", role="medic"))
        service.assign_responder(s, incident_id=handled,
                                 request=AssignRequest(responder_id=unit.id), actor=DISPATCHER)
    clock.advance(3601)
    entries = _entries(waiting, handled)
    rows = {r.incident_id: r for r in visible_rows(entries, BoardFilters())}
    assert rows[waiting].attention == "waiting" and rows[waiting].alert
    assert rows[handled].attention == "late" and not rows[handled].alert
    assert counters(entries, show_drills=True)["waiting"] == 1
    assert counters(entries, show_drills=True)["late"] == 1
    # The untouched SOS ranks above the late one whose responders are on it.
    assert [r.incident_id for r in visible_rows(entries, BoardFilters())] == [waiting, handled]
