"""The start command itself: `reflex run --env prod --backend-only` serves /v1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


def test_reflex_backend_serves_health(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'start.db'}"
    env = {**os.environ, "SETY_DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "sety_dashboard", "db", "upgrade"], env=env, cwd=ROOT,
                   check=True, timeout=120)
    port = free_port()
    reflex = Path(sys.executable).with_name("reflex")
    proc = subprocess.Popen([str(reflex), "run", "--env", "prod", "--backend-only",
                             "--backend-port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 120
        while True:
            try:
                resp = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2)
                break
            except httpx.HTTPError as exc:
                if proc.poll() is not None or time.time() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    raise AssertionError(f"backend did not start:\n{out[-3000:]}") from exc
                time.sleep(0.5)
        assert resp.status_code == 200
        assert resp.json()["status"] == "ok" and resp.json()["database"] == "ok"
        assert resp.headers["x-request-id"].startswith("req_")
        missing = httpx.get(f"http://127.0.0.1:{port}/v1/nope", timeout=5)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
