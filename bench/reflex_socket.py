"""A minimal client of the Reflex websocket (socket.io v5 over Engine.IO v4,
path `/_event`), to act as a dashboard tab without a browser.

It speaks just enough of the protocol the compiled frontend speaks
(`.web/utils/state.js`): open the socket with the tab's token, send the
hydrate-and-load event in the CONNECT packet (with the browser-storage vars,
e.g. the session token), answer pings, send events, and read the deltas the
server pushes. Used by `bench/push_latency.py` (asyncio, many tabs) and by
tests that check the server refuses what a browser could send anyway.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

ROOT_STATE = "reflex___state____state"
AUTH_STATE = f"{ROOT_STATE}.sety_dashboard___ui___state___auth____auth_state"
BOARD_STATE = f"{AUTH_STATE}.sety_dashboard___ui___state___board____board_state"
INCIDENT_STATE = f"{AUTH_STATE}.sety_dashboard___ui___state___incident____incident_state"
NAMESPACE = "/_event"


def socket_url(base_url: str, token: str) -> str:
    ws = base_url.replace("http://", "ws://").replace("https://", "wss://").rstrip("/")
    return f"{ws}/_event/?token={token}&EIO=4&transport=websocket"


def router_data(path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"pathname": path, "asPath": path}
    if query:
        data["query"] = query
    return data


def connect_packet(path: str, session_token: str, query: dict[str, str] | None = None) -> str:
    """The socket.io CONNECT packet carrying the hydrate event, as the browser sends it."""
    event = {"name": f"{ROOT_STATE}.hydrate_and_load",
             "payload": {"vars": {f"{AUTH_STATE}.token_rx_state_": session_token}},
             "router_data": router_data(path, query)}
    return f"40{NAMESPACE}," + json.dumps({"event": event})


def event_packet(handler: str, payload: dict[str, Any] | None, path: str,
                 query: dict[str, str] | None = None) -> str:
    event = {"name": handler, "payload": payload or {}, "router_data": router_data(path, query)}
    return f"42{NAMESPACE}," + json.dumps(["event", event])


def parse(frame: str) -> dict[str, Any] | None:
    """The payload of a server `event` packet ({"delta": …} / {"events": …}), else None."""
    prefix = f"42{NAMESPACE},"
    if not frame.startswith(prefix):
        return None
    name, body = json.loads(frame[len(prefix):])[:2]
    return body if name == "event" else None


def new_tab_token() -> str:
    return str(uuid.uuid4())


class SyncTab:
    """One simulated tab, blocking API (for tests)."""

    def __init__(self, base_url: str, session_token: str, path: str,
                 query: dict[str, str] | None = None) -> None:
        from websockets.sync.client import connect

        self.path, self.query = path, query
        self.ws = connect(socket_url(base_url, new_tab_token()), open_timeout=10,
                          max_size=None)
        self.ws.recv(timeout=10)  # Engine.IO open
        self.ws.send(connect_packet(path, session_token, query))
        self.deltas: list[dict[str, Any]] = []

    def send(self, handler: str, payload: dict[str, Any] | None = None) -> None:
        self.ws.send(event_packet(handler, payload, self.path, self.query))

    def pump(self, seconds: float) -> list[dict[str, Any]]:
        """Read frames for `seconds`; returns the server payloads received."""
        got: list[dict[str, Any]] = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                frame = self.ws.recv(timeout=left)
            except TimeoutError:
                break
            if frame == "2":
                self.ws.send("3")
                continue
            body = parse(frame) if isinstance(frame, str) else None
            if body is not None:
                got.append(body)
        self.deltas.extend(got)
        return got

    def var(self, state: str, name: str, default: Any = None) -> Any:
        """The last value the server sent for a var (`name` without suffix)."""
        for body in reversed(self.deltas):
            values = (body.get("delta") or {}).get(state) or {}
            if f"{name}_rx_state_" in values:
                return values[f"{name}_rx_state_"]
        return default

    def close(self) -> None:
        self.ws.close()
