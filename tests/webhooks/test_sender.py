"""The attempts' HTTP clients: one small client per endpoint (webhooks/sender.py)."""

from __future__ import annotations

import asyncio

from sety_dashboard.webhooks.sender import EndpointClients


def test_one_client_per_endpoint_reused_and_limited_to_the_per_endpoint_bound():
    async def scenario() -> None:
        clients = EndpointClients(per_endpoint=3)
        a = clients.for_endpoint("whe_a")
        assert clients.for_endpoint("whe_a") is a
        b = clients.for_endpoint("whe_b")
        assert b is not a
        # The pool never holds more connections than attempts one endpoint may run.
        assert a._transport._pool._max_connections == 3
        await clients.aclose()
        assert a.is_closed and b.is_closed

    asyncio.run(scenario())


def test_trim_closes_idle_endpoints_clients_beyond_the_cap_never_a_busy_one():
    async def scenario() -> None:
        clients = EndpointClients(per_endpoint=2, keep=2)
        made = {e: clients.for_endpoint(e) for e in ("whe_1", "whe_2", "whe_3", "whe_4")}
        await clients.trim(busy={"whe_1", "whe_2", "whe_3"})
        # One over the cap and idle: closed; the busy ones stay open even over the cap.
        assert made["whe_4"].is_closed
        assert not any(made[e].is_closed for e in ("whe_1", "whe_2", "whe_3"))
        await clients.trim(busy=set())
        assert sum(not c.is_closed for c in made.values()) == 2
        # A closed endpoint's next attempt gets a new, open client.
        assert not clients.for_endpoint("whe_4").is_closed
        await clients.aclose()

    asyncio.run(scenario())
