"""Routes that send the domain's view as it is (JSONResponse, no re-validation)
must still answer exactly what their response model documents."""

from __future__ import annotations

from pydantic import BaseModel, TypeAdapter

from sety_dashboard.api.responses import Page
from sety_dashboard.domain.access.read_model import AccessLogView
from sety_dashboard.domain.incidents.read_model import IncidentView
from tests.factories import incident_body


def _same(model: type, answer: dict) -> None:
    if isinstance(model, type) and issubclass(model, BaseModel):
        assert model.model_validate(answer).model_dump(mode="json") == answer
    else:  # a domain read model (TypedDict): validated strictly as the API documents it
        adapter = TypeAdapter(model)
        assert adapter.dump_python(adapter.validate_python(answer, strict=True),
                                   mode="json") == answer


def test_incident_answers_are_their_model(admin):
    created = admin.post("/v1/incidents", json=incident_body(), headers={"Idempotency-Key": "m-1"})
    assert created.status_code == 201
    _same(IncidentView, created.json())
    replay = admin.post("/v1/incidents", json=incident_body(), headers={"Idempotency-Key": "m-1"})
    assert replay.status_code == 200 and replay.json() == created.json()
    one = admin.get(f"/v1/incidents/{created.json()['incident_id']}")
    _same(IncidentView, one.json())
    # The create's answer (built without reading back) is what a read shows.
    fresh, answer = one.json(), created.json()
    assert {k: v for k, v in answer.items() if k != "sla"} == \
        {k: v for k, v in fresh.items() if k != "sla"}
    assert answer["sla"].keys() == fresh["sla"].keys()
    _same(Page[IncidentView], admin.get("/v1/incidents?limit=5").json())
    acked = admin.post(f"/v1/incidents/{created.json()['incident_id']}/acknowledge")
    assert acked.status_code == 200 and acked.json()["status"] == "acknowledged"
    _same(IncidentView, acked.json())
    # The answer of a change is the incident as a fresh read shows it.
    assert admin.get(f"/v1/incidents/{created.json()['incident_id']}").json()["timeline"] == \
        acked.json()["timeline"]


def test_check_in_answer_is_its_model(admin):
    resp = admin.post("/v1/access-logs", json={"visitor_name": "Tunde Bakare", "site": "hq"})
    assert resp.status_code == 201
    _same(AccessLogView, resp.json())
