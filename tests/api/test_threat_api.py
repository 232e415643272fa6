"""The Threat intelligence section of the API over real HTTP."""

from __future__ import annotations

import pytest

from tests.threat_factories import HOT, HOT_COUNT, QUIET, build_city, shift

ZONE_FIELDS = {"zone_id", "name", "center", "radius_m", "risk_level", "score", "incident_count",
               "top_categories", "peak_hours", "last_incident_at"}
SCORE_FIELDS = {"score", "grade", "level", "factors", "nearby_incidents", "radius_m", "at",
                "computed_at"}
SAFE_ZONE_FIELDS = {"safe_zone_id", "name", "kind", "location", "open_24h", "phone", "distance_m"}
BOX = "3.30,6.45,3.46,6.60"


def error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["code"] == code and body["request_id"].startswith("req_")
    return body


def invalid(r, field: str, issue: str) -> None:
    body = error(r, 422, "validation_error")
    assert {"field": field, "issue": issue} in body["details"], body


@pytest.fixture
def city(db, clock):
    return build_city(clock)


def test_danger_zones_answer_the_contract(admin, city):
    r = admin.get("/v1/threat-intel/danger-zones", params={"bbox": BOX})
    assert r.status_code == 200, r.text
    zones = r.json()["data"]
    assert zones and ZONE_FIELDS <= set(zones[0])
    assert zones[0]["risk_level"] in ("low", "moderate", "high", "severe")
    by_point = admin.get("/v1/threat-intel/danger-zones",
                         params={"lat": HOT[1], "lng": HOT[0], "radius_m": 2000}).json()["data"]
    assert by_point[0] == zones[0]


def test_danger_zones_are_named_after_their_incidents_addresses(admin, city):
    zones = admin.get("/v1/threat-intel/danger-zones", params={"bbox": BOX}).json()["data"]
    assert zones[0]["name"] == "Oshodi — near the pedestrian bridge"


def test_a_route_through_a_zone_is_capped_and_its_advice_names_the_stretch(admin, city):
    path = [list(shift(HOT, -2500, 0)), list(HOT), list(shift(HOT, 2500, 0))]
    r = admin.post("/v1/threat-intel/route-safety", json={"path": path}).json()
    zone = r["hotspots"][0]
    cap = {"severe": 19, "high": 39, "moderate": 59, "low": 79}[zone["risk_level"]]
    touched = [s for s in r["segments"] if zone["zone_id"] in s["danger_zone_ids"]]
    assert touched and all(s["score"] <= cap for s in touched)
    assert r["score"] == min(s["score"] for s in r["segments"]) <= cap
    assert r["grade"] not in ("A", "B") and r["coordinate_warning"] is None
    named = [a for a in r["advice"] if "through the danger zone near Oshodi" in a]
    assert named and named[0].startswith("Between 2.") and f"at most {cap}" in named[0]
    spot = admin.get("/v1/threat-intel/safety-score",
                     params={"lat": HOT[1], "lng": HOT[0], "at": "2026-11-30T14:00:00Z"}).json()
    assert spot["score"] <= cap
    assert any(f["name"] == "danger_zone" and "Oshodi" in f["detail"] for f in spot["factors"])


def test_swapped_coordinates_are_flagged_not_called_safe(admin, city):
    path = [list(shift(HOT, -2500, 0)), list(shift(HOT, 2500, 0))]
    swapped = [[lat, lng] for lng, lat in path]      # "lat, lng" pasted as [lng, lat]
    r = admin.post("/v1/threat-intel/route-safety", json={"path": swapped})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["coordinate_warning"].startswith("Check the coordinate order")
    assert body["advice"][0] == body["coordinate_warning"]
    ok = admin.post("/v1/threat-intel/route-safety",
                    json={"path": [list(QUIET), list(shift(QUIET, 1000, 0))]}).json()
    assert ok["coordinate_warning"] is None     # quiet, but in a city Sety knows


def test_heatmap_answers_the_contract(admin, city):
    r = admin.get("/v1/threat-intel/heatmap", params={"bbox": BOX})
    assert r.status_code == 200, r.text
    h = r.json()
    assert h["bbox"] == [3.30, 6.45, 3.46, 6.60] and h["resolution"] == 8
    assert set(h["cells"][0]) >= {"cell_id", "center", "count", "weight"}
    assert h["total"] == sum(c["count"] for c in h["cells"]) == 40
    assert h["max_weight"] == h["cells"][0]["weight"]
    assert admin.get("/v1/threat-intel/heatmap",
                     params={"bbox": BOX, "resolution": 10}).json()["resolution"] == 10


def test_safety_score_answers_the_contract(admin, city):
    r = admin.get("/v1/threat-intel/safety-score",
                  params={"lat": HOT[1], "lng": HOT[0], "at": "2026-12-01T02:00:00Z"})
    assert r.status_code == 200, r.text
    s = r.json()
    assert SCORE_FIELDS <= set(s)
    assert s["grade"] in "ABCDF" and s["radius_m"] == 500
    assert s["at"] == "2026-12-01T02:00:00.000Z" and s["computed_at"] == "2026-11-30T14:00:00.000Z"
    assert all(set(f) == {"name", "impact", "detail"} for f in s["factors"])
    quiet = admin.get("/v1/threat-intel/safety-score",
                      params={"lat": QUIET[1], "lng": QUIET[0]}).json()
    assert quiet["score"] > s["score"]


def test_analytics_answers_the_contract(admin, city):
    r = admin.get("/v1/threat-intel/analytics",
                  params={"lat": HOT[1], "lng": HOT[0], "radius_m": 500})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["location"] == {"coordinates": [HOT[0], HOT[1]]} and a["radius_m"] == 500
    assert set(a["period"]) == {"since", "until"}
    assert a["period"]["until"] == "2026-11-30T14:00:00.000Z"
    assert a["period"]["since"] == "2026-09-01T14:00:00.000Z"
    assert a["incident_count"] == HOT_COUNT
    assert set(a["time_analysis"]) >= {"by_hour", "by_weekday", "peak_hours", "safest_hours"}
    assert set(a["comparison"]) >= {"area_rate_per_km2", "baseline_rate_per_km2", "ratio",
                                    "percentile"}
    assert set(a["prediction"]) >= {"risk_level", "expected_incidents_next_7d", "trend",
                                    "confidence", "method"}
    assert set(a["patterns"]) >= {"recurring_categories", "hotspot_hours", "repeat_locations",
                                  "summary"}
    assert SCORE_FIELDS <= set(a["safety_score"])


def test_route_safety_answers_the_contract(admin, city):
    path = [list(shift(HOT, -2000, 0)), list(HOT), list(shift(HOT, 2000, 0))]
    r = admin.post("/v1/threat-intel/route-safety",
                   json={"path": path, "departure_at": "2026-12-01T22:00:00Z", "buffer_m": 200})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"score", "grade", "distance_m", "segments", "hotspots", "safe_zones",
                         "advice"}
    seg = body["segments"][0]
    assert set(seg) >= {"from", "to", "score", "incident_count", "danger_zone_ids"}
    assert body["hotspots"] and ZONE_FIELDS <= set(body["hotspots"][0])
    assert body["advice"] and all(isinstance(a, str) for a in body["advice"])
    assert body["buffer_m"] == 200


def test_safe_zones_are_created_by_admins_and_listed_nearest_first(admin, make_key, db, clock):
    near = admin.post("/v1/safe-zones", json={
        "name": "Ikoyi Police Station", "kind": "police",
        "location": {"coordinates": list(shift(HOT, 300, 0)), "address": "Kingsway Rd, Ikoyi"},
        "phone": "+2348000000001"})
    assert near.status_code == 201, near.text
    created = near.json()
    assert SAFE_ZONE_FIELDS <= set(created)
    assert created["safe_zone_id"].startswith("sz_") and len(created["safe_zone_id"]) == 19
    assert created["open_24h"] is True and created["distance_m"] is None
    assert created["location"]["address"] == "Kingsway Rd, Ikoyi"
    far = admin.post("/v1/safe-zones", json={"name": "Lagos Island General Hospital",
                                             "kind": "hospital", "open_24h": False,
                                             "location": {"coordinates": list(shift(HOT, 0, 2000))}})
    assert far.status_code == 201
    r = admin.get("/v1/threat-intel/safe-zones", params={"lat": HOT[1], "lng": HOT[0]})
    listed = r.json()["data"]
    assert [z["name"] for z in listed] == ["Ikoyi Police Station", "Lagos Island General Hospital"]
    assert listed[0]["distance_m"] == pytest.approx(300, abs=2)
    assert listed[1]["distance_m"] == pytest.approx(2000, abs=5)
    only = admin.get("/v1/threat-intel/safe-zones",
                     params={"lat": HOT[1], "lng": HOT[0], "radius_m": 1000, "kind": "police"})
    assert [z["name"] for z in only.json()["data"]] == ["Ikoyi Police Station"]
    reader = {"Authorization": f"Bearer {make_key('threat:read')}"}
    error(admin.post("/v1/safe-zones", headers=reader, json={
        "name": "X", "kind": "police", "location": {"coordinates": [3.3, 6.5]}}), 403, "forbidden")
    assert admin.get("/v1/threat-intel/safe-zones", headers=reader,
                     params={"lat": HOT[1], "lng": HOT[0]}).status_code == 200


def test_creating_a_safe_zone_is_an_event(admin, db, clock):
    from sqlalchemy import select

    from sety_dashboard.core.db import read_session
    from sety_dashboard.events.models import EventRecord

    r = admin.post("/v1/safe-zones", json={"name": "Post 4", "kind": "security_post",
                                           "location": {"coordinates": [3.3, 6.5]}})
    with read_session() as session:
        types = [e.type for e in session.execute(select(EventRecord)).scalars()]
    assert types == ["safe_zone.created"] and r.status_code == 201


@pytest.mark.parametrize("body,field,issue", [
    ({"kind": "police", "location": {"coordinates": [3.3, 6.5]}}, "name", "required"),
    ({"name": "A", "kind": "church", "location": {"coordinates": [3.3, 6.5]}}, "kind",
     "invalid_choice"),
    ({"name": "A", "kind": "police", "location": {"coordinates": [3.3, 91]}},
     "location.coordinates", "out_of_range"),
    ({"name": "A", "kind": "police", "location": {"coordinates": [3.3, 6.5]}, "phone": "0803"},
     "phone", "invalid"),
    ({"name": "A", "kind": "police", "location": {"coordinates": [3.3, 6.5]}, "colour": "red"},
     "colour", "unknown_field"),
])
def test_bad_safe_zones_are_refused(admin, body, field, issue):
    invalid(admin.post("/v1/safe-zones", json=body), field, issue)


@pytest.mark.parametrize("path,params,field,issue", [
    ("safety-score", {"lat": 95, "lng": 3.3}, "lat", "out_of_range"),
    ("safety-score", {"lat": 6.5, "lng": -181}, "lng", "out_of_range"),
    ("safety-score", {"lng": 3.3}, "lat", "required"),
    ("safety-score", {"lat": 6.5, "lng": 3.3, "radius_m": 0}, "radius_m", "out_of_range"),
    ("safety-score", {"lat": 6.5, "lng": 3.3, "radius_m": 50001}, "radius_m", "out_of_range"),
    ("safety-score", {"lat": 6.5, "lng": 3.3, "at": "yesterday"}, "at", "datetime_from_date_parsing"),
    ("safety-score", {"lat": 6.5, "lng": 3.3, "category": "aliens"}, "category", "invalid_choice"),
    ("safety-score", {"lat": 6.5, "lng": 3.3, "since": "2026-11-30T00:00:00Z",
                      "until": "2026-11-29T00:00:00Z"}, "since", "invalid"),
    ("analytics", {"lat": "north", "lng": 3.3}, "lat", "float_parsing"),
    ("analytics", {"lat": 6.5, "lng": 3.3, "radius_m": -5}, "radius_m", "out_of_range"),
    ("heatmap", {}, "bbox", "required"),
    ("heatmap", {"bbox": "3.3,6.5,3.4"}, "bbox", "invalid"),
    ("heatmap", {"bbox": "3.4,6.5,3.3,6.6"}, "bbox", "invalid"),
    ("heatmap", {"bbox": "3.3,6.5,3.4,96"}, "bbox", "out_of_range"),
    ("heatmap", {"bbox": BOX, "resolution": 4}, "resolution", "out_of_range"),
    ("heatmap", {"bbox": BOX, "resolution": 12}, "resolution", "out_of_range"),
    ("heatmap", {"bbox": "-20,-20,40,40", "resolution": 9}, "bbox", "too_large"),
    ("danger-zones", {}, "bbox", "required"),
    ("danger-zones", {"lat": 6.5}, "lng", "required"),
    ("danger-zones", {"bbox": BOX, "lat": 6.5, "lng": 3.3}, "bbox", "conflict"),
    ("danger-zones", {"bbox": "0,0,5,5"}, "bbox", "too_large"),
    ("danger-zones", {"lat": 6.5, "lng": 3.3, "radius_m": 60000}, "radius_m", "out_of_range"),
    ("safe-zones", {"lat": 6.5, "lng": 3.3, "kind": "church"}, "kind", "invalid_choice"),
    ("safe-zones", {"lat": 6.5, "lng": 3.3, "limit": 101}, "limit", "out_of_range"),
])
def test_bad_queries_are_validation_errors(admin, path, params, field, issue):
    invalid(admin.get(f"/v1/threat-intel/{path}", params=params), field, issue)


@pytest.mark.parametrize("body,field,issue", [
    ({"path": [[3.3, 6.5]]}, "path", "too_short"),
    ({"path": [[3.3, 6.5 + i * 1e-4] for i in range(1001)]}, "path", "too_long"),
    ({"path": [[3.3, 6.5], [3.3, 95]]}, "path.1", "out_of_range"),
    ({"path": [[3.3, 6.5], [3.3]]}, "path.1", "invalid"),
    ({"path": [[3.3, 6.5], [3.3, 6.5]]}, "path", "invalid"),
    ({"path": [[3.3, 6.5], [3.31, 6.5]], "buffer_m": 0}, "buffer_m", "out_of_range"),
    ({"path": [[3.3, 6.5], [3.31, 6.5]], "departure_at": "soon"}, "departure_at",
     "datetime_from_date_parsing"),
    ({"path": [[3.3, 6.5], [3.31, 6.5]], "mode": "walk"}, "mode", "unknown_field"),
    ({}, "path", "required"),
])
def test_bad_routes_are_validation_errors(admin, body, field, issue):
    invalid(admin.post("/v1/threat-intel/route-safety", json=body), field, issue)


def test_route_safety_body_must_be_json(admin):
    error(admin.post("/v1/threat-intel/route-safety", content=b"not json",
                     headers={"Content-Type": "application/json"}), 400, "invalid_json")


def test_threat_intel_needs_the_threat_scope(api, make_key, db):
    error(api.get("/v1/threat-intel/heatmap", params={"bbox": BOX}), 401, "unauthorized")
    wrong = {"Authorization": f"Bearer {make_key('incidents:read')}"}
    error(api.get("/v1/threat-intel/heatmap", params={"bbox": BOX}, headers=wrong), 403,
          "forbidden")
    right = {"Authorization": f"Bearer {make_key('threat:read')}"}
    assert api.get("/v1/threat-intel/heatmap", params={"bbox": BOX},
                   headers=right).status_code == 200
    assert api.post("/v1/threat-intel/route-safety", headers=right,
                    json={"path": [[3.3, 6.5], [3.31, 6.5]]}).status_code == 200


def test_a_new_incident_shows_in_the_next_answer(admin, db, clock):
    params = {"lat": QUIET[1], "lng": QUIET[0]}
    assert admin.get("/v1/threat-intel/safety-score", params=params).json()["score"] == 100
    for _ in range(3):
        r = admin.post("/v1/incidents", json={
            "category": "security", "location": {"coordinates": list(QUIET)},
            "subject": {"name": "Amaka Obi"}})
        assert r.status_code == 201
    after = admin.get("/v1/threat-intel/safety-score", params=params).json()
    assert after["score"] < 100 and after["nearby_incidents"] == 3
    heat = admin.get("/v1/threat-intel/heatmap", params={"bbox": BOX}).json()
    assert heat["total"] == 3


def test_the_endpoints_are_in_the_openapi_schema(api):
    paths = api.get("/openapi.json").json()["paths"]
    for p in ("/v1/threat-intel/danger-zones", "/v1/threat-intel/analytics",
              "/v1/threat-intel/heatmap", "/v1/threat-intel/safety-score",
              "/v1/threat-intel/route-safety", "/v1/threat-intel/safe-zones", "/v1/safe-zones"):
        assert p in paths


@pytest.mark.parametrize("params,field", [
    ({"lat": "nan", "lng": 3.3}, "lat"),
    ({"lat": 6.5, "lng": "inf"}, "lng"),
])
def test_non_numbers_are_refused(admin, params, field):
    r = admin.get("/v1/threat-intel/safety-score", params=params)
    body = error(r, 422, "validation_error")
    assert body["details"][0]["field"] == field
