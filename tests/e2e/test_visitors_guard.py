"""What the server refuses on the visitor board and the muster panel even
when a client sends it anyway (a tab speaking the Reflex websocket directly,
see tests/e2e/test_server_guard.py)."""

from __future__ import annotations

import uuid

import pytest

from bench.reflex_socket import AUTH_STATE, SyncTab
from tests.factories import incident_body

pytestmark = pytest.mark.e2e

VISITORS_STATE = f"{AUTH_STATE}.sety_dashboard___ui___state___visitors____visitors_state"
DESK_STATE = f"{VISITORS_STATE}.sety_dashboard___ui___state___visitor_desk____desk_state"
MUSTER_STATE = f"{AUTH_STATE}.sety_dashboard___ui___state___muster____muster_state"


def _session_token(user) -> str:
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.service import sign_in

    with write_session() as session:
        return sign_in(session, email=user.email, password=user.password)[1]


def _walk_in(api_client, name: str, site: str) -> dict:
    resp = api_client.post("/v1/access-logs", json={"visitor_name": name, "site": site})
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_a_dispatcher_can_neither_read_nor_use_the_visitor_board(e2e_app, user_of,
                                                                 api_client) -> None:
    site = f"Guarded {uuid.uuid4().hex[:6]}"
    _walk_in(api_client, "Private Visitor", site)
    token = _session_token(user_of("dispatcher"))
    tab = SyncTab(e2e_app.url, token, "/visitors", {"site": site})
    try:
        loaded = tab.pump(2.0)
        assert tab.var(AUTH_STATE, "access_denied") is True
        tab.send(f"{VISITORS_STATE}.set_search", {"value": "Private"})
        tab.send(f"{VISITORS_STATE}.choose_site", {"value": site})
        tab.send(f"{VISITORS_STATE}.export_csv")
        tab.send(f"{DESK_STATE}.check_code", {"value": "123456"})
        got = tab.pump(2.0)
        assert "Private Visitor" not in str(loaded) + str(got)
        tab.send(f"{DESK_STATE}.submit_check_in",
                 {"form": {"visitor_name": "Sneaky Walk-in"}})
        tab.pump(2.0)
        assert "not allowed" in tab.var(AUTH_STATE, "action_error")
    finally:
        tab.close()
    current = api_client.get("/v1/access-logs/current", params={"site": site}).json()
    assert [v["visitor_name"] for v in current["data"]] == ["Private Visitor"]


def test_the_front_desk_gets_no_incident_muster_and_musters_only_emergencies(
        e2e_app, user_of, api_client) -> None:
    site = f"Guarded {uuid.uuid4().hex[:6]}"
    visit = _walk_in(api_client, "Roll Call Person", site)
    medical = api_client.post("/v1/incidents", json=incident_body(
        category="medical", site=site, subject={"name": "Medical Subject"})).json()
    fire = api_client.post("/v1/incidents", json=incident_body(
        category="fire", site=site)).json()
    token = _session_token(user_of("front_desk"))
    path, query = f"/incidents/{fire['incident_id']}", {"incident_id": fire["incident_id"]}
    tab = SyncTab(e2e_app.url, token, path, query)
    try:
        tab.pump(2.0)
        assert tab.var(AUTH_STATE, "access_denied") is True
        # The incident page's muster panel is for the dispatch roles.
        tab.send(f"{MUSTER_STATE}.load_for_incident")
        got = tab.pump(2.0)
        assert "Roll Call Person" not in str(got)
        # The desk may tick people off an SOS or fire, not any incident.
        tab.send(f"{MUSTER_STATE}.mark", {"incident_id": medical["incident_id"],
                                          "log_id": visit["log_id"]})
        tab.pump(2.0)
        assert "SOS and fire incidents only" in tab.var(AUTH_STATE, "action_error")
    finally:
        tab.close()
    timeline = api_client.get(f"/v1/incidents/{medical['incident_id']}").json()["timeline"]
    assert [t["event"] for t in timeline] == ["created"]
    api_client.post(f"/v1/incidents/{fire['incident_id']}/resolve",
                    json={"resolution_outcome": "handled"})
