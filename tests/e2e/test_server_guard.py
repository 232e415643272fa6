"""What the server refuses even when a client sends it anyway.

These tabs speak the Reflex websocket directly (no browser), so they can
send events the page would never offer: a front-desk user calling the
dispatcher's handlers, a dispatcher cancelling a drill, an expired session.
"""

from __future__ import annotations

import pytest

from bench.reflex_socket import AUTH_STATE, BOARD_STATE, INCIDENT_STATE, SyncTab
from tests.factories import incident_body

pytestmark = pytest.mark.e2e


def _session_token(user) -> str:
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.service import sign_in

    with write_session() as session:
        return sign_in(session, email=user.email, password=user.password)[1]


def _status(api_client, incident_id: str) -> str:
    return api_client.get(f"/v1/incidents/{incident_id}").json()["status"]


def test_front_desk_calling_dispatcher_handlers_is_refused(e2e_app, user_of, api_client) -> None:
    inc = api_client.post("/v1/incidents", json=incident_body(
        subject={"name": "Hidden From Front Desk"})).json()
    token = _session_token(user_of("front_desk"))
    path, query = f"/incidents/{inc['incident_id']}", {"incident_id": inc["incident_id"]}
    tab = SyncTab(e2e_app.url, token, path, query)
    try:
        loaded = tab.pump(2.0)
        assert tab.var(AUTH_STATE, "access_denied") is True
        assert "Hidden From Front Desk" not in str(loaded)  # nothing of it was sent
        tab.send(f"{INCIDENT_STATE}.acknowledge")
        tab.send(f"{INCIDENT_STATE}.add_note", {"form": {"message": "sneaky"}})
        tab.send(f"{BOARD_STATE}.acknowledge", {"incident_id": inc["incident_id"]})
        tab.pump(2.0)
        assert "not allowed" in tab.var(AUTH_STATE, "action_error")
    finally:
        tab.close()
    after = api_client.get(f"/v1/incidents/{inc['incident_id']}").json()
    assert after["status"] == "created" and len(after["timeline"]) == 1


def test_dispatcher_cannot_cancel_a_drill_even_by_sending_the_event(
        e2e_app, user_of, api_client) -> None:
    drill = api_client.post("/v1/incidents", json=incident_body(is_drill=True)).json()
    token = _session_token(user_of("dispatcher"))
    path, query = f"/incidents/{drill['incident_id']}", {"incident_id": drill["incident_id"]}
    tab = SyncTab(e2e_app.url, token, path, query)
    try:
        tab.pump(2.0)
        tab.send(f"{INCIDENT_STATE}.cancel", {"form": {"reason": "forced"}})
        tab.pump(2.0)
        assert tab.var(AUTH_STATE, "action_error") == \
            "Only a supervisor or an admin can cancel a drill."
    finally:
        tab.close()
    assert _status(api_client, drill["incident_id"]) == "created"


def test_a_signed_out_session_cannot_act(e2e_app, user_of, api_client) -> None:
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.service import sign_out

    inc = api_client.post("/v1/incidents", json=incident_body()).json()
    token = _session_token(user_of("dispatcher"))
    path, query = f"/incidents/{inc['incident_id']}", {"incident_id": inc["incident_id"]}
    tab = SyncTab(e2e_app.url, token, path, query)
    try:
        tab.pump(2.0)
        assert tab.var(AUTH_STATE, "signed_in") is True
        with write_session() as session:  # e.g. signed out in another browser
            sign_out(session, token)
        tab.send(f"{INCIDENT_STATE}.acknowledge")
        got = tab.pump(2.0)
        assert tab.var(AUTH_STATE, "signed_in") is False
        assert "/signin" in str(got)  # sent to the sign-in page
    finally:
        tab.close()
    assert _status(api_client, inc["incident_id"]) == "created"
