"""Helpers for browser tests that need a known alert bar."""

from __future__ import annotations

from typing import Any


def acknowledge_all_waiting(api_client: Any) -> None:
    """Other tests leave unacknowledged incidents: start from an empty banner."""
    while True:
        rows = api_client.get("/v1/incidents", params={"status": "created", "limit": 100}).json()
        if not rows["data"]:
            return
        for inc in rows["data"]:
            api_client.post(f"/v1/incidents/{inc['incident_id']}/acknowledge", json={})
