"""Conventions every /v1 endpoint keeps: auth, error body, request ids, rate limits."""

from __future__ import annotations

import re

import httpx
import pytest

from sety_dashboard.domain.incidents.read_model import IncidentView
from tests.factories import incident_body

REQ_ID = re.compile(r"^req_[a-z0-9]{16}$")


def assert_error(resp: httpx.Response, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["code"] == code
    assert isinstance(err["message"], str) and err["message"]
    assert err["request_id"] == resp.headers["x-request-id"]
    assert REQ_ID.match(err["request_id"])
    return err


def test_health_is_public(api):
    resp = api.get("/v1/health")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", body["time"])
    assert REQ_ID.match(resp.headers["x-request-id"])


def test_missing_and_unknown_keys_are_401(api):
    assert_error(api.get("/v1/incidents"), 401, "unauthorized")
    assert_error(api.get("/v1/incidents", headers={"Authorization": "Bearer sety_sk_nope"}),
                 401, "unauthorized")


def test_x_api_key_header_is_accepted(api, make_key):
    resp = api.get("/v1/incidents", headers={"X-API-Key": make_key("incidents:read")})
    assert resp.status_code == 200


def test_scope_is_enforced(api, make_key):
    headers = {"Authorization": f"Bearer {make_key('incidents:read')}"}
    assert api.get("/v1/incidents", headers=headers).status_code == 200
    assert_error(api.post("/v1/incidents", json=incident_body(), headers=headers), 403, "forbidden")
    assert_error(api.get("/v1/api-keys", headers=headers), 403, "forbidden")


def test_unknown_path_and_wrong_method(admin):
    err = assert_error(admin.get("/v1/nothing/here"), 404, "not_found")
    assert "/v1/nothing/here" in err["message"]
    resp = admin.put("/v1/incidents")
    assert_error(resp, 405, "method_not_allowed")
    assert "POST" in resp.headers["allow"]
    assert_error(admin.delete("/v1/health"), 405, "method_not_allowed")


def test_unknown_id_is_404(admin):
    assert_error(admin.get("/v1/incidents/inc_0000000000000000"), 404, "not_found")


def test_malformed_json_is_400(admin):
    err = assert_error(admin.post("/v1/incidents", content=b"{not json",
                                  headers={"Content-Type": "application/json"}), 400, "invalid_json")
    assert "JSON" in err["message"]
    assert_error(admin.post("/v1/incidents", json=[1, 2]), 400, "invalid_json")
    assert_error(admin.post("/v1/incidents", content=b"",
                            headers={"Content-Type": "application/json"}), 400, "invalid_json")


def test_validation_error_names_fields(admin):
    body = incident_body(location={"coordinates": [3.4, 95.0]}, colour="red")
    err = assert_error(admin.post("/v1/incidents", json=body), 422, "validation_error")
    assert {"field": "location.coordinates", "issue": "out_of_range"} in err["details"]
    assert {"field": "colour", "issue": "unknown_field"} in err["details"]
    assert "latitude must be within [-90, 90]" in err["message"]


@pytest.mark.parametrize("patch,field", [
    ({"category": "alien"}, "category"),
    ({"location": {"coordinates": [181, 6.5]}}, "location.coordinates"),
    ({"location": {"coordinates": [3.4]}}, "location.coordinates"),
    ({"subject": {"name": "   "}}, "subject.name"),
    ({"subject": {"name": "A", "phone": "0803 123"}}, "subject.phone"),
    ({"subject": {"name": "A", "metadata": {"k": 1}}}, "subject.metadata"),
    ({"subject": {"name": "A", "metadata": {f"k{i}": "v" for i in range(51)}}}, "subject.metadata"),
    ({"title": "x" * 201}, "title"),
    ({"description": "x" * 5001}, "description"),
    ({"severity": "apocalyptic"}, "severity"),
])
def test_create_validation(admin, patch, field):
    err = assert_error(admin.post("/v1/incidents", json=incident_body(**patch)), 422, "validation_error")
    assert field in [d["field"] for d in err["details"]]
    assert admin.get("/v1/incidents").json()["pagination"]["total"] == 0


def test_strings_are_trimmed(admin):
    resp = admin.post("/v1/incidents", json=incident_body(subject={"name": "  Amaka Obi  "}))
    assert resp.json()["subject"]["name"] == "Amaka Obi"


def test_bad_query_parameters(admin):
    assert_error(admin.get("/v1/incidents?limit=101"), 422, "validation_error")
    assert_error(admin.get("/v1/incidents?page=0"), 422, "validation_error")
    assert_error(admin.get("/v1/incidents?since=yesterday"), 422, "validation_error")
    assert admin.get("/v1/incidents?colour=red").status_code == 200  # unknown params ignored


def test_rate_limit_headers_and_429(api, make_key, monkeypatch):
    from sety_dashboard.core.settings import reset_settings

    monkeypatch.setenv("SETY_RATE_LIMIT_PER_MIN", "3")
    reset_settings()
    headers = {"Authorization": f"Bearer {make_key('incidents:read')}"}
    other = {"Authorization": f"Bearer {make_key('incidents:read')}"}
    seen = [api.get("/v1/incidents", headers=headers) for _ in range(4)]
    assert [r.status_code for r in seen[:3]] == [200, 200, 200]
    assert [r.headers["x-ratelimit-remaining"] for r in seen[:3]] == ["2", "1", "0"]
    assert seen[0].headers["x-ratelimit-limit"] == "3"
    assert int(seen[0].headers["x-ratelimit-reset"]) > 0
    err = assert_error(seen[3], 429, "rate_limited")
    assert int(seen[3].headers["retry-after"]) >= 1
    assert "3 requests per minute" in err["message"]
    assert api.get("/v1/incidents", headers=other).status_code == 200  # budgets are per key


def test_internal_error_has_body_without_trace(api, make_key, monkeypatch):
    from sety_dashboard.api.routes import incidents as routes
    from sety_dashboard.domain.incidents import analytics as analytics_mod

    def boom(*a, **kw):
        raise RuntimeError("secret internals: /etc/passwd")

    monkeypatch.setattr(routes, "incident_analytics", boom)
    resp = api.get("/v1/incidents/analytics", headers={"Authorization": f"Bearer {make_key('admin')}"})
    assert_error(resp, 500, "internal_error")
    assert "passwd" not in resp.text and "Traceback" not in resp.text
    assert analytics_mod  # the real module is untouched


def test_openapi_documents_real_models(api):
    spec = api.get("/openapi.json").json()
    # The incident's answer is documented by its domain read model, every field of it.
    incident = spec["components"]["schemas"]["IncidentView"]
    assert set(incident["properties"]) == set(IncidentView.__annotations__)
    assert set(incident["required"]) == set(IncidentView.__required_keys__)
    assert {"incident_id", "sla", "timeline", "responders"} <= set(incident["properties"])
    create = spec["components"]["schemas"]["CreateIncidentRequest"]
    assert set(create["required"]) == {"category", "location", "subject"}
    assert "/v1/incidents/{incident_id}/acknowledge" in spec["paths"]
    assert api.get("/docs").status_code == 200
