"""The responder picker's order: nearby before far, available before busy,
nearest first; state, distance and rough ETA in words the room uses."""

from __future__ import annotations

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import AssignRequest, ResolveRequest
from sety_dashboard.domain.responders.inputs import CreateResponderRequest
from sety_dashboard.domain.responders.nearby import candidates_for, rough_eta_min
from sety_dashboard.domain.responders.service import create_responder
from tests.factories import DISPATCHER, make_incident

IKOYI = (6.4541, 3.4347)  # lat, lng


def _unit(name: str, lng: float | None = None, lat: float | None = None,
          on_duty: bool = True) -> str:
    loc = {"coordinates": [lng, lat]} if lng is not None else None
    with write_session() as s:
        return create_responder(s, request=CreateResponderRequest(
            name=name, role="medic", on_duty=on_duty, location=loc)).id


def test_nearest_available_first_busy_after_far_last(db, clock) -> None:
    near_busy = _unit("Near Busy", 3.4350, 6.4545)          # ~50 m
    mid_free = _unit("Mid Free", 3.4000, 6.4300)             # ~4.6 km
    abuja = _unit("Abuja Unit", 7.4951, 9.0579)              # another city
    nowhere = _unit("No Fix")
    _unit("Off Duty", 3.4347, 6.4541, on_duty=False)
    other = make_incident()
    with write_session() as s:
        service.assign_responder(s, incident_id=other, request=AssignRequest(
            responder_id=near_busy), actor=DISPATCHER)
    with read_session() as s:
        got = candidates_for(s, lat=IKOYI[0], lng=IKOYI[1])
    assert [c.name for c in got] == ["Mid Free", "Near Busy", "No Fix", "Abuja Unit"]
    by = {c.responder_id: c for c in got}
    assert by[near_busy].state == "on 1 incident" and not by[near_busy].available
    assert by[mid_free].state == "available"
    assert 4.0 < by[mid_free].distance_km < 5.5
    assert by[mid_free].eta_min == rough_eta_min(by[mid_free].distance_km)
    assert by[abuja].far and by[abuja].distance_km > 400
    assert by[nowhere].distance_km is None and by[nowhere].eta_min is None

    # Once that incident is closed, the unit is free again.
    with write_session() as s:
        service.resolve_incident(s, incident_id=other, request=ResolveRequest(
            resolution_outcome="handled", resolution_notes="done"), actor=DISPATCHER)
    with read_session() as s:
        got = candidates_for(s, lat=IKOYI[0], lng=IKOYI[1])
    assert got[0].name == "Near Busy" and got[0].available


def test_units_already_on_the_incident_are_left_out(db, clock) -> None:
    unit = _unit("On It", 3.4350, 6.4545)
    inc = make_incident()
    with write_session() as s:
        service.assign_responder(s, incident_id=inc, request=AssignRequest(responder_id=unit),
                                 actor=DISPATCHER)
    with read_session() as s:
        assert unit not in {c.responder_id for c in
                            candidates_for(s, lat=IKOYI[0], lng=IKOYI[1], exclude_incident=inc)}
