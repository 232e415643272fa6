"""The API's edge rules on the real server (Reflex backend with the API
mounted, CORS added by Reflex): where a bare API app already behaved, the
mounted one fell through to the dashboard's router."""

from __future__ import annotations

import pytest

from tests.api.test_conventions import assert_error

pytestmark = pytest.mark.e2e


def test_unknown_methods_and_control_characters_keep_the_error_contract(api_client):
    assert_error(api_client.request("TRACE", "/v1/health"), 405, "method_not_allowed")
    assert_error(api_client.request("QUERY", "/v1/incidents"), 405, "method_not_allowed")
    assert_error(api_client.get("/v1/incidents/inc_%0Dabc"), 404, "not_found")
    assert_error(api_client.get("/v1/incidents?q=a%00b"), 422, "validation_error")


def test_a_newline_in_an_id_keeps_the_error_contract(api_client):
    assert_error(api_client.get("/v1/incidents/inc_%0Aabc"), 404, "not_found")


def test_head_options_and_body_limit_on_the_real_server(api_client, e2e_app):
    head = api_client.head("/v1/health")
    assert head.status_code == 200 and head.content == b"" and head.headers["x-request-id"]
    opts = api_client.options("/v1/access-codes/validate")
    assert opts.status_code == 204 and opts.headers["allow"] == "OPTIONS, POST"
    big = b"{" + b" " * (1024 * 1024) + b"}"
    resp = api_client.post("/v1/incidents", content=big, headers={
        "content-type": "application/json", "authorization": ""})
    assert_error(resp, 413, "payload_too_large")


def test_cors_echoes_only_the_dashboard_origin(api_client, e2e_app):
    evil = api_client.get("/v1/health", headers={"Origin": "https://evil.example"})
    assert evil.status_code == 200 and "access-control-allow-origin" not in evil.headers
    own = api_client.get("/v1/health", headers={"Origin": e2e_app.url})
    assert own.headers["access-control-allow-origin"] == e2e_app.url
