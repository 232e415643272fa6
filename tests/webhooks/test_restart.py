"""Kill -9 the real app while deliveries are due, start it again: every event arrives.

Runs the start command (`reflex run --env prod --backend-only`) as a
subprocess on a SQLite file, so the webhook worker is the one the app starts
as a lifespan task, not one the test drives.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.conftest import free_port
from tests.webhooks.receiver import Receiver, Reply

ROOT = Path(__file__).resolve().parents[2]


class App:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        reflex = Path(sys.executable).with_name("reflex")
        self.proc = subprocess.Popen(
            [str(reflex), "run", "--env", "prod", "--backend-only", "--backend-port", str(self.port)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 120
        while True:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                out = self.proc.stdout.read().decode() if self.proc.stdout else ""
                self.kill()
                raise AssertionError(f"app did not start:\n{out[-3000:]}")
            time.sleep(0.3)

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=20)


def _incident_event_ids(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM events WHERE type LIKE 'incident.%'")}


def _check_stream_on_the_real_server(app: App, secret: str, expected: set[str]) -> None:
    """The production server speaks the stream too: replay, and 4401 for a bad key."""
    ws_base = app.url.replace("http://", "ws://") + "/v1/stream"
    with connect(f"{ws_base}?api_key={secret}&after_seq=0&types=incident.*") as ws:
        got = [json.loads(ws.recv(timeout=10)) for _ in range(len(expected))]
    assert {e["id"] for e in got} == expected
    seqs = [e["seq"] for e in got]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    with connect(f"{ws_base}?api_key=sety_sk_wrong") as ws:
        try:
            ws.recv(timeout=10)
            raise AssertionError("a bad key was not refused")
        except ConnectionClosed as exc:
            assert exc.rcvd is not None and exc.rcvd.code == 4401


def test_kill_9_while_deliveries_are_due_loses_nothing(tmp_path):
    db_path = tmp_path / "restart.db"
    env = {**os.environ, "SETY_DATABASE_URL": f"sqlite:///{db_path}", "PYTHONPATH": str(ROOT),
           "SETY_WEBHOOK_ALLOW_PRIVATE": "1", "SETY_WEBHOOK_POLL_S": "0.5",
           "SETY_WEBHOOK_LEASE_S": "5"}
    env.pop("SETY_REDIS_URL", None)
    subprocess.run([sys.executable, "-m", "sety_dashboard", "db", "upgrade"], env=env, cwd=ROOT,
                   check=True, timeout=120, capture_output=True)
    secret = subprocess.run(
        [sys.executable, "-m", "sety_dashboard", "keys", "create", "--name", "restart test",
         "--scopes", "admin"], env=env, cwd=ROOT, check=True, timeout=120,
        capture_output=True, text=True).stdout.strip().splitlines()[-1]
    up = threading.Event()
    delivered: set[str] = set()

    # The machine is shared: another app's retries may reach this receiver's
    # port once it is free again. Only requests to this test's own path count.
    path = f"/hook/restart-{uuid.uuid4().hex}"

    def reply(r):
        if r.path != path:
            return Reply(404)
        if up.is_set():
            delivered.add(r.event_id)
            return Reply(200)
        return Reply(503, b"receiver down")

    headers = {"Authorization": f"Bearer {secret}"}
    # Low severity: its first SLA deadline is 30 min away, so no sla_breached
    # event joins the 20 while a loaded machine runs the test slowly.
    body = {"category": "sos", "severity": "low", "location": {"coordinates": [3.3792, 6.5244]},
            "subject": {"name": "Amaka Obi"}}
    with Receiver(reply) as rcv:
        app = App(env)
        try:
            with httpx.Client(base_url=app.url, headers=headers, timeout=30) as client:
                created = client.post("/v1/webhooks", json={
                    "url": rcv.url.removesuffix("/hook") + path, "events": ["incident.*"]})
                assert created.status_code == 201, created.text
                for _ in range(10):
                    assert client.post("/v1/incidents", json=body).status_code == 201
                # Every delivery has failed once and is now waiting for its retry …
                rcv.wait_for(lambda got: len({r.event_id for r in got if r.path == path}) >= 10,
                             timeout=30)
                # … and more events are written just before the crash.
                for _ in range(10):
                    assert client.post("/v1/incidents", json=body).status_code == 201
        finally:
            app.kill()
        expected = _incident_event_ids(db_path)
        assert len(expected) == 20
        assert delivered == set()
        up.set()
        app = App(env)
        try:
            deadline = time.time() + 60
            while not expected <= delivered and time.time() < deadline:
                time.sleep(0.2)
            _check_stream_on_the_real_server(app, secret, expected)
        finally:
            app.kill()
    assert delivered == expected
    with sqlite3.connect(db_path) as conn:
        statuses = dict(conn.execute("SELECT status, count(*) FROM webhook_deliveries GROUP BY status"))
    assert statuses == {"succeeded": 20}
