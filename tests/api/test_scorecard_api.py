"""GET /v1/incidents/{id}/scorecard over real HTTP (contract: API.md "Scorecard")."""

from __future__ import annotations

from tests.api.test_conventions import assert_error
from tests.factories import incident_body


def _drill_with_muster(admin, clock) -> tuple[str, dict]:
    """A fire drill at HQ, run through every stage, with a full roll call."""
    people = [admin.post("/v1/access-logs", json={"visitor_name": n, "site": "HQ"}).json()
              for n in ("Chidi Okeke", "Ngozi Eze")]
    admin.post("/v1/access-logs", json={"visitor_name": "Ade Musa", "site": "Abuja Office"})
    rid = admin.post("/v1/responders", json={"name": "Unit 7", "role": "security"}).json()[
        "responder_id"]
    clock.advance(30)
    iid = admin.post("/v1/incidents", json=incident_body(
        category="fire", severity="critical", site="HQ", is_drill=True)).json()["incident_id"]
    clock.advance(6)
    admin.post(f"/v1/incidents/{iid}/acknowledge")
    clock.advance(35)
    asg = admin.post(f"/v1/incidents/{iid}/assignments", json={"responder_id": rid}).json()
    aid = asg["responders"][0]["assignment_id"]
    clock.advance(139)
    admin.patch(f"/v1/incidents/{iid}/assignments/{aid}", json={"status": "on_scene"})
    for i, person in enumerate(people):
        clock.advance(60 + i * 65)
        admin.post(f"/v1/incidents/{iid}/muster/{person['log_id']}/accounted")
    admin.post(f"/v1/incidents/{iid}/notes", json={"message": "Stairwell B slow"})
    clock.advance(107)
    admin.post(f"/v1/incidents/{iid}/cancel", json={"reason": "drill over"})
    # Someone arriving after the drill was never part of its muster.
    clock.advance(60)
    admin.post("/v1/access-logs", json={"visitor_name": "Late Comer", "site": "HQ"})
    return iid, admin.get(f"/v1/incidents/{iid}/scorecard")


def test_drill_with_muster_scorecard(admin, clock):
    iid, resp = _drill_with_muster(admin, clock)
    assert resp.status_code == 200, resp.text
    card = resp.json()
    assert card == {
        "incident_id": iid, "is_drill": True, "severity": "critical", "site": "HQ",
        "ended": "cancelled", "duration_s": 6 + 35 + 139 + 60 + 125 + 107,
        "stages": [
            {"stage": "acknowledge", "due_s": 15, "took_s": 6, "met": True},
            {"stage": "dispatch", "due_s": 60, "took_s": 41, "met": True},
            {"stage": "on_scene", "due_s": None, "took_s": 180, "met": None},
            # Cancelled after 472 s: the resolve clock stopped well inside 3600 s.
            {"stage": "resolve", "due_s": 3600, "took_s": None, "met": None},
        ],
        "muster": {"site": "HQ", "on_site": 2, "accounted": 2, "accounted_pct": 100,
                   "completed_after_s": 180 + 60 + 125},
        # The two muster ticks are not counted as notes.
        "notes": 1, "responders": 1,
    }


def test_open_real_incident_scorecard(admin, clock):
    admin.post("/v1/access-logs", json={"visitor_name": "Chidi Okeke", "site": "Lekki"})
    iid = admin.post("/v1/incidents", json=incident_body(severity="critical", site="Lekki")
                     ).json()["incident_id"]
    clock.advance(20)  # acknowledge was due at 15 s and has not happened
    card = admin.get(f"/v1/incidents/{iid}/scorecard").json()
    assert (card["is_drill"], card["ended"], card["duration_s"]) == (False, None, 20)
    assert card["stages"] == [
        {"stage": "acknowledge", "due_s": 15, "took_s": None, "met": False},
        {"stage": "dispatch", "due_s": 60, "took_s": None, "met": None},
        {"stage": "on_scene", "due_s": None, "took_s": None, "met": None},
        {"stage": "resolve", "due_s": 3600, "took_s": None, "met": None},
    ]
    assert card["muster"] == {"site": "Lekki", "on_site": 1, "accounted": 0,
                              "accounted_pct": 0, "completed_after_s": None}
    assert (card["notes"], card["responders"]) == (0, 0)

    # Acknowledged late, then resolved: met false for acknowledge, true after.
    admin.post(f"/v1/incidents/{iid}/acknowledge")
    clock.advance(10)
    admin.post(f"/v1/incidents/{iid}/resolve", json={"resolution_outcome": "handled"})
    card = admin.get(f"/v1/incidents/{iid}/scorecard").json()
    assert card["ended"] == "resolved" and card["duration_s"] == 30
    assert [(s["took_s"], s["met"]) for s in card["stages"]] == [
        (20, False), (30, True), (None, None), (30, True)]


def test_incident_without_site_has_no_muster(admin):
    iid = admin.post("/v1/incidents", json=incident_body()).json()["incident_id"]
    assert admin.get(f"/v1/incidents/{iid}/scorecard").json()["muster"] is None


def test_unknown_incident_is_404(admin):
    err = assert_error(admin.get("/v1/incidents/inc_0000000000000000/scorecard"), 404, "not_found")
    assert "inc_0000000000000000" in err["message"]


def test_scope_rule(api, admin, make_key, clock):
    iid, _ = _drill_with_muster(admin, clock)
    url = f"/v1/incidents/{iid}/scorecard"
    incidents_only = {"Authorization": f"Bearer {make_key('incidents:read')}"}
    both = {"Authorization": f"Bearer {make_key('incidents:read', 'access:read')}"}
    access_only = {"Authorization": f"Bearer {make_key('access:read')}"}
    card = api.get(url, headers=incidents_only).json()
    assert card["muster"] is None and card["stages"][0]["took_s"] == 6
    assert api.get(url, headers=both).json()["muster"]["accounted_pct"] == 100
    assert_error(api.get(url, headers=access_only), 403, "forbidden")
    assert_error(api.get(url, headers={"Authorization": "Bearer nope"}), 401, "unauthorized")
