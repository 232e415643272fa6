"""/v1/incidents/{id}/muster over real HTTP."""

from __future__ import annotations

from tests.factories import incident_body


def test_muster_roll_call_through_the_api(admin, api, make_key, clock):
    chidi = admin.post("/v1/access-logs", json={"visitor_name": "Chidi Okeke", "site": "HQ"}).json()
    admin.post("/v1/access-logs", json={"visitor_name": "Ngozi Eze", "site": "HQ"})
    admin.post("/v1/access-logs", json={"visitor_name": "Ade Musa", "site": "Abuja Office"})
    clock.advance(60)
    fire = admin.post("/v1/incidents", json=incident_body(category="fire", site="HQ")).json()

    m = admin.get(f"/v1/incidents/{fire['incident_id']}/muster").json()
    assert [r["visitor_name"] for r in m["data"]] == ["Chidi Okeke", "Ngozi Eze"]
    assert (m["count"], m["accounted"], m["missing"]) == (2, 0, 2)
    assert m["data"][0]["on_site_s"] == 60 and m["data"][0]["accounted"] is False

    url = f"/v1/incidents/{fire['incident_id']}/muster/{chidi['log_id']}/accounted"
    r = admin.post(url)
    assert r.status_code == 200
    assert (r.json()["accounted"], r.json()["missing"]) == (1, 1)
    assert admin.post(url).json()["accounted"] == 1  # idempotent
    timeline = admin.get(f"/v1/incidents/{fire['incident_id']}").json()["timeline"]
    assert [t["message"] for t in timeline if t["event"] == "note_added"] == [
        "Chidi Okeke accounted for"]

    reader = {"Authorization": f"Bearer {make_key('incidents:read', 'access:read')}"}
    assert api.get(f"/v1/incidents/{fire['incident_id']}/muster", headers=reader).status_code == 200
    assert api.post(url, headers=reader).json()["error"]["code"] == "forbidden"
    assert admin.get("/v1/incidents/inc_0000000000000000/muster").status_code == 404
    missing = admin.post(f"/v1/incidents/{fire['incident_id']}/muster/acl_0000000000000000/accounted")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"

    admin.post(f"/v1/incidents/{fire['incident_id']}/resolve",
               json={"resolution_outcome": "handled"})
    closed = admin.post(url.replace(chidi["log_id"], m["data"][1]["log_id"]))
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "invalid_transition"
