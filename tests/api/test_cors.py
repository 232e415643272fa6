"""CORS: only the dashboard's own origin and SETY_CORS_ORIGINS are echoed."""

from __future__ import annotations

import httpx
import pytest

from sety_dashboard.core.cors import allowed_origins

ENV = {"REFLEX_DEPLOY_URL": "https://sety.example.org/", "REFLEX_API_URL": "https://sety.example.org",
       "SETY_CORS_ORIGINS": "https://partner.example.com, https://ops.example.net/path"}


def test_the_allow_list_is_own_origin_plus_configured():
    assert allowed_origins(ENV) == ["https://sety.example.org", "https://partner.example.com",
                                    "https://ops.example.net"]
    assert "*" not in allowed_origins({})
    assert allowed_origins({}) == ["http://localhost:3000", "http://127.0.0.1:3000",
                                   "http://localhost:8000", "http://127.0.0.1:8000"]


def test_rxconfig_hands_the_list_to_reflex(monkeypatch):
    import importlib

    import rxconfig

    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    try:
        cfg = importlib.reload(rxconfig).config
        assert list(cfg.cors_allowed_origins) == allowed_origins(ENV)
    finally:
        monkeypatch.undo()
        importlib.reload(rxconfig)


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_only_allowed_origins_are_echoed(anyio_backend, monkeypatch):
    from reflex.app import App
    from reflex.config import get_config

    from sety_dashboard.api.app import create_api

    api = create_api()
    monkeypatch.setattr(get_config(), "cors_allowed_origins", allowed_origins(ENV))
    App._add_cors(api)  # exactly how Reflex wraps the API
    transport = httpx.ASGITransport(app=api)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        evil = await client.get("/v1/health", headers={"Origin": "https://evil.example"})
        assert evil.status_code == 200
        assert "access-control-allow-origin" not in evil.headers
        ok = await client.get("/v1/health", headers={"Origin": "https://partner.example.com"})
        assert ok.headers["access-control-allow-origin"] == "https://partner.example.com"
        pre = await client.options("/v1/incidents", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in pre.headers
