"""The SLA ticker notes a breach by itself, with nobody looking."""

from __future__ import annotations

import asyncio

from sety_dashboard.events import bus as bus_mod
from sety_dashboard.workers.sla_ticker import run_sla_ticker
from tests.factories import make_incident


def test_ticker_emits_breach_without_any_request(db, clock):
    async def scenario() -> dict:
        sub = bus_mod.get_bus().subscribe()
        incident_id = await asyncio.to_thread(make_incident)
        assert (await sub.get())["type"] == "incident.created"
        ticker = asyncio.create_task(run_sla_ticker(interval_s=0.05))
        try:
            clock.advance(16)  # past the 15 s acknowledge deadline of a critical SOS
            event = await asyncio.wait_for(sub.get(), 5)
        finally:
            ticker.cancel()
        assert event["data"]["incident_id"] == incident_id
        return event

    event = asyncio.run(scenario())
    assert event["type"] == "incident.sla_breached"
    assert event["data"]["sla_stage"] == "acknowledge"
    assert event["data"]["sla"]["acknowledge_breached"] is True
    assert event["data"]["timeline"][-1]["event"] == "sla_breached"
