"""GET /v1/health (node and duties added) and GET /v1/ready (for load balancers)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from sety_dashboard.core import db as db_mod
from sety_dashboard.core import duties
from sety_dashboard.core.settings import reset_settings


@pytest.fixture(autouse=True)
def _no_duties() -> Iterator[None]:
    duties.reset()
    yield
    duties.reset()


def test_health_names_the_node_and_process_and_what_its_duties_hold(api, monkeypatch):
    monkeypatch.setenv("SETY_NODE_ID", "node-7")
    reset_settings()
    duties.declare("sla_ticker", "advisory_lock")
    duties.mark_started("sla_ticker", "advisory_lock")
    duties.declare("webhooks", "leases")
    body = api.get("/v1/health").json()
    assert body["status"] == "ok" and body["database"] == "ok"  # the fields it always had
    assert body["node"] == "node-7" and body["worker_pid"] == os.getpid()
    assert body["duties"] == {
        "sla_ticker": {"guard": "advisory_lock", "started": True, "holds": False},
        "webhooks": {"guard": "leases", "started": False, "holds": True},
    }
    duties.set_holds("sla_ticker", True)
    assert api.get("/v1/health").json()["duties"]["sla_ticker"]["holds"] is True


def test_without_a_node_id_the_node_is_host_and_pid(api):
    assert api.get("/v1/health").json()["node"].endswith(f":{os.getpid()}")


def test_ready_only_once_every_declared_duty_has_started(api):
    resp = api.get("/v1/ready")  # this test server registers no background duties
    assert resp.status_code == 503 and resp.json()["status"] == "not_ready"
    duties.declare("sla_ticker", "advisory_lock")
    duties.declare("live_bridge", "none")
    duties.mark_started("sla_ticker", "advisory_lock")
    resp = api.get("/v1/ready")
    assert resp.status_code == 503
    assert resp.json()["waiting_for"] == ["live_bridge"] and resp.json()["database"] == "ok"
    duties.mark_started("live_bridge")
    resp = api.get("/v1/ready")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ready", "node": duties.node_id(), "database": "ok",
                           "waiting_for": []}
    assert "authorization" not in {h.lower() for h in resp.request.headers}  # public


def test_ready_and_health_answer_503_when_the_database_does_not(api, db, tmp_path):
    duties.mark_started("live_bridge")
    db_mod.configure(f"sqlite:///{tmp_path}/no/such/dir/sety.db")
    try:
        health = api.get("/v1/health")
        assert health.status_code == 503
        assert (health.json()["status"], health.json()["database"]) == ("degraded", "unavailable")
        ready = api.get("/v1/ready")
        assert ready.status_code == 503 and ready.json()["database"] == "unavailable"
    finally:
        db_mod.configure(db.url)
