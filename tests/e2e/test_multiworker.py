"""Two worker processes sharing Redis: a change made through one worker
reaches dashboard tabs connected to the other (bus + state in Redis)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.reflex_socket import BOARD_STATE, SyncTab
from tests.conftest import REDIS_URL, free_port
from tests.factories import incident_body

pytestmark = [pytest.mark.e2e, pytest.mark.redis]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def two_workers(e2e_app, tmp_path_factory) -> Iterator[str]:
    """The same database as e2e_app, served by a second app with 2 granian workers."""
    port = free_port()
    log = tmp_path_factory.mktemp("multi") / "server.log"
    env = dict(os.environ, SETY_DATABASE_URL=e2e_app.db_url, SETY_REDIS_URL=REDIS_URL,
               __REFLEX_SKIP_COMPILE="true", REFLEX_ENV_MODE="prod",
               REFLEX_TELEMETRY_ENABLED="false")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "granian", "--interface", "asgi", "--factory",
             "--workers", "2", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning", "sety_dashboard.sety_dashboard:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        # Ready means BOTH workers said every duty has started (the live bridge
        # is subscribed to Redis, so no event is missed after this). Generous:
        # two workers importing the app on a busy shared machine take a while.
        ready: set[int] = set()
        deadline = time.time() + 240
        while len(ready) < 2:
            try:
                body = httpx.get(f"{url}/v1/health", timeout=3).json()
                if all(d["started"] for d in body["duties"].values()) and \
                        httpx.get(f"{url}/v1/ready", timeout=3).status_code == 200:
                    ready.add(body["worker_pid"])
            except (httpx.HTTPError, ValueError, KeyError):
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(log.read_text()[-3000:])
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_every_tab_gets_the_new_incident_whichever_worker_it_is_on(
        two_workers, user_of, api_client) -> None:
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.service import sign_in

    user = user_of("dispatcher")
    with write_session() as session:
        token = sign_in(session, email=user.email, password=user.password)[1]
    tabs = [SyncTab(two_workers, token, "/") for _ in range(6)]
    try:
        for tab in tabs:
            deadline = time.monotonic() + 30
            while tab.var(BOARD_STATE, "loaded") is not True and time.monotonic() < deadline:
                tab.pump(0.2)
            assert tab.var(BOARD_STATE, "loaded") is True
        # Posted through the same two workers: whichever takes it, every tab hears.
        headers = dict(api_client.headers)
        created = httpx.post(f"{two_workers}/v1/incidents", headers=headers, timeout=30,
                             json=incident_body(subject={"name": "Cross Worker"})).json()
        for tab in tabs:  # a signal with a generous timeout; latency is bench/'s business
            deadline = time.monotonic() + 30
            while created["incident_id"] not in str(tab.deltas) and time.monotonic() < deadline:
                tab.pump(0.2)
            assert created["incident_id"] in str(tab.deltas)
    finally:
        for tab in tabs:
            tab.close()
