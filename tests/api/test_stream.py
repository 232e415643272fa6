"""WebSocket /v1/stream against the live server, with the `websockets` client."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from sety_dashboard.core.db import write_session
from sety_dashboard.core.settings import reset_settings
from sety_dashboard.domain.keys.service import revoke_key
from sety_dashboard.events.bus import get_bus
from sety_dashboard.events.log import record_event
from tests.factories import make_incident


def emit(n: int, type_: str = "incident.note_added", batch: int = 1) -> None:
    """Write `n` real events to the log (`batch` per transaction)."""
    done = 0
    while done < n:
        with write_session() as session:
            for _ in range(min(batch, n - done)):
                record_event(session, type_, {"n": done, "note": "x" * 1000})
                done += 1


def wait_for_subscribers(n: int, timeout: float = 10) -> None:
    """Wait until the server's bus has `n` subscriptions (streams that subscribed)."""
    bus = get_bus()
    deadline = time.monotonic() + timeout
    while bus.subscriber_count < n:
        assert time.monotonic() < deadline, f"{bus.subscriber_count} of {n} streams subscribed"
        time.sleep(0.01)


def ws_url(live_server, secret: str | None = None, **params: Any) -> str:
    query = dict(params)
    if secret is not None:
        query["api_key"] = secret
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return f"ws://127.0.0.1:{live_server.port}/v1/stream" + (f"?{qs}" if qs else "")


def recv_json(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    return json.loads(ws.recv(timeout=timeout))


def recv_events(ws: ClientConnection, until_seq: int, timeout: float = 20,
                each: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Events (heartbeats dropped) until one with seq >= until_seq arrives;
    `each` is told of every event as it arrives."""
    out: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while not out or out[-1]["seq"] < until_seq:
        msg = recv_json(ws, timeout=max(0.1, deadline - time.monotonic()))
        if msg["type"] != "heartbeat":
            out.append(msg)
            if each is not None:
                each(msg)
    return out


def until_live(ws: ClientConnection, timeout: float = 10) -> int:
    """Wait until a live-only stream is live: write marker events until one arrives.

    A live-only stream starts at the end of the log as it stands once it has
    subscribed, which the client cannot see; a marker it receives is the
    signal. Returns that marker's seq (later markers may still follow).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with write_session() as session:
            record_event(session, "incident.note_added", {"readiness_marker": True})
        try:
            msg = recv_json(ws, timeout=0.2)
        except TimeoutError:
            continue
        if msg["type"] != "heartbeat" and msg["data"].get("readiness_marker"):
            return msg["seq"]
    raise AssertionError("the stream never went live")


def after_markers(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events that are not readiness markers."""
    return [e for e in events if not e["data"].get("readiness_marker")]


def close_code(ws: ClientConnection, timeout: float = 10) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ws.recv(timeout=max(0.1, deadline - time.monotonic()))
    except ConnectionClosed as exc:
        assert exc.rcvd is not None, "closed without a close frame"
        return exc.rcvd.code, exc.rcvd.reason
    raise AssertionError("the server did not close the stream")


@pytest.fixture
def settings_env(monkeypatch):
    def set_(**values: Any) -> None:
        for k, v in values.items():
            monkeypatch.setenv(f"SETY_{k.upper()}", str(v))
        reset_settings()
    yield set_
    reset_settings()


@pytest.mark.parametrize("how", ["none", "unknown", "revoked"])
def test_bad_key_closes_4401(db, live_server, make_key, how):
    secret = None
    if how == "unknown":
        secret = "sety_sk_" + "x" * 32
    elif how == "revoked":
        secret = make_key("incidents:read")
        from sety_dashboard.core.db import read_session
        from sety_dashboard.domain.keys.service import authenticate
        with read_session() as s:
            key_id = authenticate(s, secret).id
        with write_session() as s:
            revoke_key(s, key_id)
    with connect(ws_url(live_server, secret)) as ws:
        code, _ = close_code(ws)
    assert code == 4401


def test_header_auth_and_live_events(db, live_server, make_key):
    secret = make_key("incidents:read")
    emit(3)  # before connecting: not part of a live-only stream
    with connect(ws_url(live_server), additional_headers={"Authorization": f"Bearer {secret}"}) as ws:
        first_marker = until_live(ws)
        inc = make_incident()
        events = recv_events(ws, until_seq=first_marker + 1)
        while after_markers(events) == []:
            events += recv_events(ws, until_seq=events[-1]["seq"] + 1)
    assert first_marker > 3  # the three events written before connecting were not sent
    assert [e["type"] for e in after_markers(events)] == ["incident.created"]
    env = after_markers(events)[0]
    assert env["type"] == "incident.created" and env["data"]["incident_id"] == inc
    assert env["id"].startswith("evt_") and env["created_at"].endswith("Z")


def test_replay_then_live_has_no_gap_and_no_duplicate(db, live_server, make_key):
    """Writers race the replay/live boundary; the client must see 11..N exactly once, in order."""
    secret = make_key("admin")
    emit(1200, batch=100)  # more than two replay pages
    stop = threading.Event()
    total = {"n": 1200}

    def writer() -> None:
        while not stop.is_set() and total["n"] < 1800:
            emit(3, batch=3)
            total["n"] += 3

    threads = [threading.Thread(target=writer) for _ in range(2)]
    with connect(ws_url(live_server, secret, after_seq=10)) as ws:
        for t in threads:
            t.start()
        first = recv_events(ws, until_seq=1300)
        stop.set()
        for t in threads:
            t.join()
        final = total["n"]
        rest = recv_events(ws, until_seq=final) if first[-1]["seq"] < final else []
    seqs = [e["seq"] for e in first + rest]
    assert seqs == list(range(11, final + 1))


def test_types_filter_with_wildcards(db, live_server, make_key):
    secret = make_key("admin")
    with write_session() as s:
        record_event(s, "incident.created", {})
        record_event(s, "access.checked_in", {})
        record_event(s, "access.checked_out", {})
        record_event(s, "incident.resolved", {})
        record_event(s, "access_code.created", {})
    with connect(ws_url(live_server, secret, after_seq=0,
                        types="incident.*,access.checked_in")) as ws:
        got = recv_events(ws, until_seq=4)
    assert [(e["seq"], e["type"]) for e in got] == [
        (1, "incident.created"), (2, "access.checked_in"), (4, "incident.resolved")]


def test_scopes_decide_what_a_key_reads(db, live_server, make_key):
    reader = make_key("incidents:read")
    with write_session() as s:
        record_event(s, "access.checked_in", {})
        record_event(s, "incident.created", {})
    with connect(ws_url(live_server, reader, after_seq=0)) as ws:
        got = recv_events(ws, until_seq=2)
    assert [e["type"] for e in got] == ["incident.created"]
    with connect(ws_url(live_server, reader, types="access.*")) as ws:
        code, reason = close_code(ws)
    assert code == 4403 and "access.*" in reason


@pytest.mark.parametrize("params", [{"types": "incidnt.created"}, {"after_seq": "abc"},
                                    {"after_seq": "-1"}, {"after_seq": "5"}])
def test_bad_query_closes_4422(db, live_server, make_key, params):
    with connect(ws_url(live_server, make_key("admin"), **params)) as ws:
        code, _ = close_code(ws)
    assert code == 4422


def test_heartbeat_carries_position(db, live_server, make_key, settings_env):
    settings_env(stream_heartbeat_s=0.2)
    emit(5)
    with connect(ws_url(live_server, make_key("admin"), types="access.*", after_seq=0)) as ws:
        beat = recv_json(ws, timeout=5)
    assert beat["type"] == "heartbeat"
    assert beat["seq"] == 5  # passed five filtered-out events: resume from here
    assert beat["time"].endswith("Z")


def test_revoking_the_key_ends_the_stream(db, live_server, make_key, settings_env):
    settings_env(stream_heartbeat_s=0.2)
    secret = make_key("admin")
    from sety_dashboard.core.db import read_session
    from sety_dashboard.domain.keys.service import authenticate
    with read_session() as s:
        key_id = authenticate(s, secret).id
    with connect(ws_url(live_server, secret)) as ws:
        assert recv_json(ws)["type"] == "heartbeat"
        with write_session() as s:
            revoke_key(s, key_id)
        code, _ = close_code(ws)
    assert code == 4401


def test_slow_client_is_closed_and_others_keep_up(db, live_server, make_key, settings_env):
    settings_env(stream_queue_max=200, stream_heartbeat_s=30)
    secret = make_key("admin")
    received: list[int] = []
    progress = threading.Condition()
    fast_ready = threading.Event()

    def fast_reader() -> None:
        # From seq 0: the log fills any moment before its feed went live.
        with connect(ws_url(live_server, secret, after_seq=0)) as ws:
            fast_ready.set()
            recv_events(ws, until_seq=n_events, timeout=120, each=note)

    def note(event: dict) -> None:
        with progress:
            received.append(event["seq"])
            progress.notify_all()

    n_events = 3000
    # The slow client does not read: its small socket buffer fills, then the
    # server's send blocks, then its queue on the server overflows.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", live_server.port))
    # No client keepalive: on a loaded machine its ping timeout (20 s) could
    # end the connection before the server's close arrives, hiding what is tested.
    slow = connect(ws_url(live_server, secret), sock=sock, max_queue=1, compression=None,
                   ping_interval=None)
    # The slow client's subscription exists on the server (the signal it can
    # overflow); the fast one reads from seq 0, so it needs no such wait.
    wait_for_subscribers(1)
    t = threading.Thread(target=fast_reader)
    t.start()
    assert fast_ready.wait(10)
    # Written in chunks of 100 (far more than the slow client's 4 KB buffer
    # and, in all, its queue of 200), each once the fast client has read the
    # one before: the fast client is one that keeps up, however fast this
    # machine writes, and the slow one's blocked send must not hold it back.
    for upto in range(100, n_events + 1, 100):
        emit(100, batch=20)
        with progress:
            assert progress.wait_for(lambda u=upto: len(received) >= u, timeout=30), \
                f"the fast client stalled at {len(received)} of {upto}"
    t.join(60)
    assert received == list(range(1, n_events + 1))  # the fast client lost nothing
    code, reason = close_code(slow, timeout=30)
    slow.close()
    assert code == 4408
    resume_at = int(reason.rsplit("after_seq=", 1)[1])
    assert 0 <= resume_at < n_events
    # Resuming from the advertised position gives the rest, without a gap.
    with connect(ws_url(live_server, secret, after_seq=resume_at)) as ws:
        rest = recv_events(ws, until_seq=n_events, timeout=60)
    assert [e["seq"] for e in rest] == list(range(resume_at + 1, n_events + 1))


@pytest.mark.redis
def test_replay_then_live_over_the_redis_bus(db, live_server, make_key):
    """Same promise with the Redis pub/sub bus (several workers)."""
    from sety_dashboard.core.settings import get_settings
    from sety_dashboard.events import bus as bus_mod
    from tests.conftest import REDIS_URL

    redis_bus = bus_mod.RedisBus(REDIS_URL, get_settings().redis_prefix + f"_{db.backend}")
    bus_mod.set_bus(redis_bus)
    try:
        secret = make_key("admin")
        emit(50, batch=10)
        with connect(ws_url(live_server, secret, after_seq=20)) as ws:
            first = recv_events(ws, until_seq=50)
            emit(30, batch=3)
            rest = recv_events(ws, until_seq=80)
        assert [e["seq"] for e in first + rest] == list(range(21, 81))
    finally:
        loop = redis_bus._listener_loop
        if loop is not None and redis_bus._listener is not None:
            loop.call_soon_threadsafe(redis_bus._listener.cancel)


def test_bus_only_notices_are_not_sent_as_events(db, live_server, make_key):
    """Notices such as webhook.deliveries_updated have no seq: the stream skips them."""
    from sety_dashboard.webhooks.notices import notify_deliveries_changed

    with connect(ws_url(live_server, make_key("admin"))) as ws:
        marker = until_live(ws)
        notify_deliveries_changed(["whk_aaaaaaaaaaaaaaaa"])
        emit(1)
        got = after_markers(recv_events(ws, until_seq=marker + 1))
        while not got:
            got = after_markers(recv_events(ws, until_seq=marker + 1))
    assert [e["type"] for e in got] == ["incident.note_added"]  # the notice was not sent


def test_plain_http_is_told_to_upgrade(api):
    resp = api.get("/v1/stream")
    assert resp.status_code == 426
    assert resp.json()["error"]["code"] == "upgrade_required"
    assert resp.headers["upgrade"] == "websocket"
    assert "/v1/stream" in api.get("/openapi.json").json()["paths"]
