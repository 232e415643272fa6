"""Muster lists: who is on site during an SOS or fire, and the roll call."""

from __future__ import annotations

import pytest

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.access import muster
from sety_dashboard.domain.errors import InvalidTransition, NotFound
from sety_dashboard.domain.incidents import service as incidents
from sety_dashboard.domain.incidents.inputs import ResolveRequest
from sety_dashboard.domain.incidents.read_model import incident_view
from tests.access_factories import FRONT_DESK, check_out, events, walk_in
from tests.factories import DISPATCHER, make_incident


def roll(incident_id: str) -> dict:
    with read_session() as session:
        return muster.incident_muster(session, incident_id)


def mark(incident_id: str, log_id: str, actor=FRONT_DESK) -> dict:
    with write_session() as session:
        return muster.mark_accounted(session, incident_id=incident_id, log_id=log_id, actor=actor)


@pytest.fixture
def building(db, clock):
    """HQ: Chidi and Ngozi inside, Bola left before the fire; Ade at another site."""
    people = {
        "bola": walk_in("Bola Ade", site="HQ"),
        "chidi": walk_in("Chidi Okeke", site="HQ"),
        "ngozi": walk_in("Ngozi Eze", site="hq"),
        "ade": walk_in("Ade Musa", site="Abuja Office"),
    }
    clock.advance(600)
    check_out(people["bola"].id)
    clock.advance(60)
    fire = make_incident(category="fire", site="HQ")
    return people, fire


def test_muster_lists_who_was_inside_when_it_began(building, clock):
    people, fire = building
    clock.advance(30)
    late = walk_in("Late Arrival", site="HQ")
    clock.advance(30)
    check_out(people["ngozi"].id)  # left during the evacuation: still to be ticked off
    m = roll(fire)
    assert [r["visitor_name"] for r in m["data"]] == ["Chidi Okeke", "Late Arrival", "Ngozi Eze"]
    assert (m["count"], m["accounted"], m["missing"]) == (3, 0, 3)
    assert m["site"] == "HQ" and m["category"] == "fire"
    assert late.id in {r["log_id"] for r in m["data"]}
    # The plain site list is who is inside now.
    with read_session() as session:
        names = [r.visitor_name for r in muster.muster_list(session, "HQ")]
    assert names == ["Chidi Okeke", "Late Arrival"]


def test_marking_accounted_writes_the_timeline_once(building, clock):
    people, fire = building
    clock.advance(45)
    m = mark(fire, people["chidi"].id)
    chidi = next(r for r in m["data"] if r["log_id"] == people["chidi"].id)
    assert chidi["accounted"] and chidi["accounted_by"] == "Femi Desk"
    assert chidi["accounted_at"] == "2026-11-30T14:11:45.000Z"
    assert (m["accounted"], m["missing"]) == (1, 1)
    mark(fire, people["chidi"].id, actor=DISPATCHER)  # a second warden: no change
    with read_session() as session:
        timeline = incident_view(session, incidents.get_incident(session, fire))["timeline"]
    notes = [t for t in timeline if t["event"] == "note_added"]
    assert [n["message"] for n in notes] == ["Chidi Okeke accounted for"]
    assert notes[0]["actor"] == "user:usr_frontdesk0000001"
    noted = events("incident.note_added")
    assert len(noted) == 1
    assert noted[0].data["muster"] == {"log_id": people["chidi"].id,
                                       "visitor_name": "Chidi Okeke", "accounted": True}


def test_only_people_on_the_list_can_be_marked(building):
    people, fire = building
    for who in ("bola", "ade"):  # left before; another site
        with pytest.raises(NotFound):
            mark(fire, people[who].id)
    with pytest.raises(NotFound):
        mark(fire, "acl_doesnotexist0000")
    with pytest.raises(NotFound):
        mark("inc_doesnotexist0000", people["chidi"].id)
    assert events("incident.note_added") == []


def test_a_closed_incident_takes_no_marks(building):
    people, fire = building
    with write_session() as session:
        incidents.resolve_incident(session, incident_id=fire, actor=DISPATCHER,
                                   request=ResolveRequest(resolution_outcome="handled"))
    with pytest.raises(InvalidTransition):
        mark(fire, people["chidi"].id)


def test_an_incident_without_a_site_musters_visitors_without_one(db, clock):
    walk_in("No Site Visitor", site=None)
    walk_in("HQ Visitor", site="HQ")
    sos = make_incident()
    assert [r["visitor_name"] for r in roll(sos)["data"]] == ["No Site Visitor"]


def test_open_emergencies_and_sos_count(db, clock):
    fire = make_incident(category="fire", site="HQ")
    clock.advance(1)
    drill = make_incident(category="sos", site="HQ", is_drill=True)
    make_incident(category="medical", site="HQ")
    other = make_incident(category="sos", site="Abuja Office")
    with write_session() as session:
        incidents.resolve_incident(session, incident_id=other, actor=DISPATCHER,
                                   request=ResolveRequest(resolution_outcome="handled"))
    with read_session() as session:
        assert [i.id for i in muster.open_emergencies(session, "hq")] == [fire, drill]
        assert [i.id for i in muster.open_emergencies(session)] == [fire, drill]
        assert muster.open_sos_count(session) == 1


def test_the_dashboard_takes_musters_of_sos_and_fire_only(building):
    people, fire = building
    medical = make_incident(category="medical", site="HQ")
    with write_session() as session, pytest.raises(InvalidTransition, match="SOS and fire"):
        muster.mark_accounted(session, incident_id=medical, log_id=people["chidi"].id,
                              actor=FRONT_DESK, emergencies_only=True)
    with write_session() as session:
        m = muster.mark_accounted(session, incident_id=fire, log_id=people["chidi"].id,
                                  actor=FRONT_DESK, emergencies_only=True)
    assert m["accounted"] == 1
    # The API (emergencies_only left off) musters any incident.
    assert mark(medical, people["chidi"].id)["accounted"] == 1


def test_desk_musters_are_the_open_emergencies_of_a_site(building, clock):
    people, fire = building
    clock.advance(5)
    make_incident(category="medical", site="HQ")
    abuja = make_incident(category="sos", site="Abuja Office")
    with read_session() as session:
        hq = muster.desk_musters(session, "hq")
        everywhere = muster.desk_musters(session, None)
        assert muster.desk_musters(session, "Lagos Annex") == []
    assert [m["incident_id"] for m in hq] == [fire]
    assert [r["visitor_name"] for r in hq[0]["data"]] == ["Chidi Okeke", "Ngozi Eze"]
    assert [m["incident_id"] for m in everywhere] == [fire, abuja]
    assert [r["visitor_name"] for r in everywhere[1]["data"]] == ["Ade Musa"]


def test_a_street_sos_without_a_site_never_raises_a_roll_call_at_a_desk(db, clock):
    walk_in("No Site Visitor", site=None)
    walk_in("HQ Visitor", site="HQ")
    street_sos = make_incident(category="sos")  # someone out in the city
    with read_session() as session:
        assert muster.desk_musters(session, None) == []
        assert muster.desk_musters(session, "HQ") == []
        # The incident still has its list (the API and the incident page).
        assert muster.incident_muster(session, street_sos)["count"] == 1


def test_two_desks_marking_the_same_person_at_once(building):
    """Both desks' clicks land; the person is marked once, one timeline entry."""
    import threading

    people, fire = building
    barrier = threading.Barrier(2)
    results: list[dict] = []
    errors: list[BaseException] = []

    def desk() -> None:
        try:
            barrier.wait()
            results.append(mark(fire, people["chidi"].id))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=desk) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert [r["accounted"] for r in results] == [1, 1]
    with read_session() as session:
        timeline = incident_view(session, incidents.get_incident(session, fire))["timeline"]
    assert [t["message"] for t in timeline if t["event"] == "note_added"] == [
        "Chidi Okeke accounted for"]
