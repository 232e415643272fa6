"""Incidents over HTTP: every endpoint, idempotency under races, concurrent writers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.api.test_conventions import assert_error
from tests.factories import incident_body


def create(client: httpx.Client, **kw) -> dict:
    resp = client.post("/v1/incidents", json=incident_body(**kw))
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_create_and_get(admin):
    body = incident_body(severity="high", description="Passenger SOS", site="HQ",
                         subject={"name": "Amaka Obi", "phone": "+2348012345678",
                                  "email": "amaka@example.com", "reference": "TRIP-44821",
                                  "metadata": {"vehicle_plate": "LND-204-KJA"}})
    resp = admin.post("/v1/incidents", json=body)
    assert resp.status_code == 201
    inc = resp.json()
    assert inc["incident_id"].startswith("inc_") and len(inc["incident_id"]) == 20
    assert inc["severity"] == "high" and inc["sla"]["policy"] == "high"
    assert inc["site"] == "HQ"
    assert inc["subject"]["metadata"] == {"vehicle_plate": "LND-204-KJA"}
    assert inc["location"]["coordinates"] == [3.3792, 6.5244]
    assert inc["timeline"][0]["actor"].startswith("api:key_")
    assert inc["created_at"].endswith("Z") and inc["resolved_at"] is None
    assert admin.get(f"/v1/incidents/{inc['incident_id']}").json() == inc


def test_lifecycle_over_http(admin):
    inc = create(admin)
    iid = inc["incident_id"]
    rsp = admin.post("/v1/responders", json={"name": "Unit 7 — Tunde", "phone": "+2348030000007",
                                             "role": "security", "unit": "Patrol 7"})
    assert rsp.status_code == 201
    rid = rsp.json()["responder_id"]
    ack = admin.post(f"/v1/incidents/{iid}/acknowledge", json={"message": "On it"})
    assert ack.status_code == 200 and ack.json()["status"] == "acknowledged"
    assert ack.json()["timeline"][-1]["message"] == "On it"
    asg = admin.post(f"/v1/incidents/{iid}/assignments", json={"responder_id": rid, "eta_s": 240})
    assert asg.status_code == 201 and asg.json()["status"] == "dispatched"
    assignment = asg.json()["responders"][0]
    assert assignment["responder"]["name"] == "Unit 7 — Tunde" and assignment["eta_s"] == 240
    assert assignment["accepted_at"] is None and assignment["backup_requested_at"] is None
    assert assignment["accept_due_at"] > assignment["assigned_at"]
    aid = assignment["assignment_id"]
    upd = admin.patch(f"/v1/incidents/{iid}/assignments/{aid}", json={"status": "on_scene"})
    assert upd.status_code == 200 and upd.json()["status"] == "on_scene"
    moved = upd.json()["responders"][0]
    assert moved["accepted_at"] == moved["on_scene_at"] and moved["accept_due_at"] is None
    note = admin.post(f"/v1/incidents/{iid}/notes", json={"message": "Subject safe", "author": "Ada"})
    assert note.status_code == 201
    assert note.json()["timeline"][-1]["actor_name"] == "Ada"
    assert_error(admin.post(f"/v1/incidents/{iid}/resolve", json={}), 422, "validation_error")
    res = admin.post(f"/v1/incidents/{iid}/resolve", json={"resolution_outcome": "handled"})
    assert res.status_code == 200 and res.json()["resolved_at"]
    err = assert_error(admin.post(f"/v1/incidents/{iid}/cancel", json={"reason": "late"}),
                       409, "invalid_transition")
    assert "resolved" in err["message"]


def test_cancel_without_body(admin):
    iid = create(admin)["incident_id"]
    resp = admin.post(f"/v1/incidents/{iid}/cancel")
    assert resp.status_code == 200 and resp.json()["status"] == "cancelled"


def test_assignment_errors(admin):
    iid = create(admin)["incident_id"]
    nobody = {"responder_id": "rsp_0000000000000000"}
    assert_error(admin.post(f"/v1/incidents/{iid}/assignments", json=nobody), 404, "not_found")
    assert_error(admin.patch(f"/v1/incidents/{iid}/assignments/asg_0000000000000000",
                             json={"status": "en_route"}), 404, "not_found")
    assert_error(admin.patch(f"/v1/incidents/{iid}/assignments/x", json={"status": "flying"}),
                 422, "validation_error")


def test_idempotent_replay_header_and_body_key(admin):
    first = admin.post("/v1/incidents", json=incident_body(), headers={"Idempotency-Key": "trip-44821"})
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    again = admin.post("/v1/incidents", json=incident_body(idempotency_key="trip-44821"))
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["incident_id"] == first.json()["incident_id"]
    conflict = admin.post("/v1/incidents", json=incident_body(category="fire"),
                          headers={"Idempotency-Key": "trip-44821"})
    assert_error(conflict, 409, "idempotency_conflict")
    assert admin.get("/v1/incidents").json()["pagination"]["total"] == 1


def test_idempotency_keys_are_per_owner(api, make_key):
    a = {"Authorization": f"Bearer {make_key('incidents:write', 'incidents:read')}"}
    b = {"Authorization": f"Bearer {make_key('incidents:write', 'incidents:read')}"}
    one = api.post("/v1/incidents", json=incident_body(idempotency_key="k"), headers=a)
    two = api.post("/v1/incidents", json=incident_body(idempotency_key="k"), headers=b)
    assert one.status_code == two.status_code == 201
    assert one.json()["incident_id"] != two.json()["incident_id"]


def test_idempotency_race_creates_one_incident(api, make_key, db):
    """Eight mobile retries of one SOS at the same instant: one incident."""
    headers = {"Authorization": f"Bearer {make_key('admin')}", "Idempotency-Key": "sos-race-1"}
    url = api.base_url

    def post(_: int) -> httpx.Response:
        with httpx.Client(base_url=url, timeout=30) as c:
            return c.post("/v1/incidents", json=incident_body(), headers=headers)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(post, range(8)))
    codes = sorted(r.status_code for r in results)
    assert codes == [200] * 7 + [201], [r.text for r in results]
    assert len({r.json()["incident_id"] for r in results}) == 1
    replays = [r for r in results if r.status_code == 200]
    assert all(r.headers["idempotent-replayed"] == "true" for r in replays)
    listing = api.get("/v1/incidents", headers={"Authorization": headers["Authorization"]}).json()
    assert listing["pagination"]["total"] == 1
    assert len(listing["data"][0]["timeline"]) == 1


def test_two_dispatchers_at_once_lose_nothing(api, make_key, db):
    """Notes from two writers racing on one incident all land, in one timeline."""
    auth = {"Authorization": f"Bearer {make_key('admin')}"}
    iid = api.post("/v1/incidents", json=incident_body(), headers=auth).json()["incident_id"]
    url = api.base_url

    def note(i: int) -> int:
        with httpx.Client(base_url=url, timeout=30) as c:
            return c.post(f"/v1/incidents/{iid}/notes", json={"message": f"note {i}"},
                          headers=auth).status_code

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(note, range(12))) == [201] * 12
    timeline = api.get(f"/v1/incidents/{iid}", headers=auth).json()["timeline"]
    assert sorted(t["message"] for t in timeline if t["event"] == "note_added") == \
        sorted(f"note {i}" for i in range(12))


def test_racing_acknowledgements_one_wins(api, make_key, db):
    auth = {"Authorization": f"Bearer {make_key('admin')}"}
    iid = api.post("/v1/incidents", json=incident_body(), headers=auth).json()["incident_id"]
    url = api.base_url

    def ack(_: int) -> httpx.Response:
        with httpx.Client(base_url=url, timeout=30) as c:
            return c.post(f"/v1/incidents/{iid}/acknowledge", headers=auth)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(ack, range(4)))
    assert sorted(r.status_code for r in results) == [200, 409, 409, 409]
    refused = [r for r in results if r.status_code == 409][0].json()["error"]
    assert refused["code"] == "invalid_transition" and "already acknowledged" in refused["message"]
    timeline = api.get(f"/v1/incidents/{iid}", headers=auth).json()["timeline"]
    assert [t["event"] for t in timeline] == ["created", "acknowledged"]


def test_list_filters_pagination_and_search(admin):
    ids = [create(admin, subject={"name": f"Person {i}", "reference": f"REF-{i}"})["incident_id"]
           for i in range(5)]
    create(admin, category="fire", is_drill=True)
    page1 = admin.get("/v1/incidents?limit=2&is_drill=false").json()
    assert page1["pagination"] == {"page": 1, "limit": 2, "total": 5, "total_pages": 3, "has_more": True}
    page3 = admin.get("/v1/incidents?limit=2&page=3&is_drill=false").json()
    assert page3["pagination"]["has_more"] is False
    seen = [i["incident_id"] for p in (1, 2, 3)
            for i in admin.get(f"/v1/incidents?limit=2&page={p}&is_drill=false").json()["data"]]
    assert seen == list(reversed(ids))  # newest first, nothing skipped or repeated
    assert [i["subject"]["name"] for i in admin.get("/v1/incidents?q=ref-3").json()["data"]] == ["Person 3"]
    assert admin.get("/v1/incidents?category=fire").json()["pagination"]["total"] == 1
    assert admin.get("/v1/incidents?status=created,acknowledged").json()["pagination"]["total"] == 6
    assert admin.get("/v1/incidents?since=2999-01-01T00:00:00Z").json()["data"] == []


def test_analytics_leaves_out_drills(admin):
    a = create(admin)["incident_id"]
    create(admin, category="fire", is_drill=True)
    create(admin, category="medical")
    admin.post(f"/v1/incidents/{a}/acknowledge")
    data = admin.get("/v1/incidents/analytics").json()
    assert data["total"] == 2 and data["drills"] == 1
    assert data["by_category"] == {"sos": 1, "medical": 1}
    assert len(data["by_hour"]) == 24 and sum(data["by_hour"]) == 2
    assert data["mean_time_to_acknowledge_s"] is not None
    assert 0 <= data["sla_breach_rate"] <= 1


def test_responder_roster(admin):
    a = admin.post("/v1/responders", json={"name": "Medic 2", "role": "medical"}).json()
    admin.post("/v1/responders", json={"name": "Unit 3", "on_duty": False})
    assert admin.get("/v1/responders?on_duty=true").json()["pagination"]["total"] == 1
    upd = admin.patch(f"/v1/responders/{a['responder_id']}",
                      json={"on_duty": False, "location": {"coordinates": [3.4, 6.5]}})
    assert upd.status_code == 200 and upd.json()["on_duty"] is False
    assert upd.json()["location"]["coordinates"] == [3.4, 6.5]
    assert upd.json()["location_updated_at"] == upd.json()["updated_at"]
    assert a["location_updated_at"] is None
    cleared = admin.patch(f"/v1/responders/{a['responder_id']}", json={"location": None}).json()
    assert cleared["location"] is None and cleared["location_updated_at"] is None
    assert admin.get("/v1/responders?on_duty=true").json()["pagination"]["total"] == 0
    assert_error(admin.get("/v1/responders/rsp_0000000000000000"), 404, "not_found")
    assert_error(admin.post("/v1/responders", json={"name": "X", "phone": "12"}), 422, "validation_error")
