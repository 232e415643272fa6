"""API throughput: the real server under wrk, each row beside a bare FastAPI echo.

    python bench/api_throughput.py [--duration 10] [--connections 16]
                                   [--backends sqlite,postgresql] [--label after]
                                   [--write-docs]

For each backend a fresh database is made (SQLite file, or a new PostgreSQL
database on 127.0.0.1:5432) and the real app is started as production runs
it (`reflex run --env prod --backend-only`: Granian, one worker). Beside it a
bare FastAPI JSON echo (bench/echo_app.py) runs on the same Granian with the
same worker count. Every row is measured as: wrk on the echo, then wrk on
the app, back to back, so the machine's load (shared, noisy) is nearly the
same for both; the ratio app ÷ echo is the figure to compare across runs.

Rows: POST /v1/incidents (a unique Idempotency-Key per request, bench/wrk/
create.lua), GET /v1/incidents/{id}, GET /v1/incidents?limit=20, POST
/v1/access-logs; on PostgreSQL + Redis, creates with two workers vs one.
The rate limit is raised for the run (SETY_RATE_LIMIT_PER_MIN) so that the
bench measures the path, not the budget. Results go to
bench/results/api_<label>.json; `--write-docs` renders the before/after
tables in docs/PERFORMANCE.md from the stored `before` and `after` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stream_bench import Server, free_port  # noqa: E402

LUA = ROOT / "bench" / "wrk"
RESULTS = ROOT / "bench" / "results"
DOCS = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- api-throughput:start -->", "<!-- api-throughput:end -->"
PG_ADMIN = os.environ.get("SETY_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("SETY_REDIS_URL", "redis://127.0.0.1:6379/0")

INCIDENT = {"category": "sos", "severity": "high",
            "location": {"coordinates": [3.3792, 6.5244], "address": "14 Bourdillon Road, Ikoyi"},
            "subject": {"name": "Amaka Obi", "phone": "+2348012345678"},
            "description": "Caller reports a break-in in progress"}
CHECK_IN = {"visitor_name": "Tunde Bakare", "visitor_phone": "+2348098765432",
            "host_name": "Ngozi Eze", "purpose": "Delivery", "site": "hq"}


class EchoServer:
    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "GRANIAN_WORKERS": str(workers), "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "echo_server.py"),
                                      str(self.port)], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        import httpx

        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"{self.url}/echo", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("the echo server did not start")

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)


def wrk(url: str, *, script: str, duration: float, connections: int, method: str = "GET",
        body: Any = None, secret: str = "") -> dict[str, Any]:
    """One wrk run; its Lua `done` prints the figures as one JSON line."""
    env = {**os.environ, "BENCH_LUA_DIR": str(LUA), "BENCH_METHOD": method,
           "BENCH_BODY": json.dumps(body) if body is not None else "", "BENCH_AUTH": secret,
           "BENCH_RUN_ID": secrets.token_hex(6)}
    threads = min(2, connections)
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(duration))}s",
           "--timeout", "10s", "-s", str(LUA / script), url]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCH_JSON "))
    r = json.loads(line[len("BENCH_JSON "):])
    seconds = r["duration_us"] / 1e6
    errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    return {"rps": r["requests"] / seconds, "requests": r["requests"], "errors": errors,
            "p50_ms": r["p50_us"] / 1000, "p95_ms": r["p95_us"] / 1000,
            "p99_ms": r["p99_us"] / 1000, "max_ms": r["max_us"] / 1000}


def measure(name: str, app: Server, echo: EchoServer, *, path: str, method: str, body: Any,
            secret: str, script: str, args: argparse.Namespace) -> dict[str, Any]:
    """Echo then app, back to back (each after a short warm-up)."""
    load = os.getloadavg()[0]
    echo_path = "/echo"
    warm = max(1.0, args.duration / 5)
    wrk(echo.url + echo_path, script="request.lua", duration=warm, connections=args.connections,
        method=method, body=body)
    e = wrk(echo.url + echo_path, script="request.lua", duration=args.duration,
            connections=args.connections, method=method, body=body)
    wrk(app.url + path, script=script, duration=warm, connections=args.connections,
        method=method, body=body, secret=secret)
    cpu0, t0 = app.cpu_s(), time.time()
    a = wrk(app.url + path, script=script, duration=args.duration,
            connections=args.connections, method=method, body=body, secret=secret)
    a["app_cpu"] = (app.cpu_s() - cpu0) / (time.time() - t0)
    row = {"name": name, "app": a, "echo": e, "ratio": a["rps"] / e["rps"],
           "load": load, "load_after": os.getloadavg()[0]}
    print(f"{name:58} {a['rps']:8.0f}/s  echo {e['rps']:8.0f}/s  {row['ratio'] * 100:5.1f} %  "
          f"p50 {a['p50_ms']:.1f} p95 {a['p95_ms']:.1f} p99 {a['p99_ms']:.1f} ms  "
          f"errors {a['errors']}  cpu {a['app_cpu']:.2f}  load {load:.1f}", flush=True)
    return row


def make_db(backend: str, tmp: Path) -> tuple[str, Any]:
    from sqlalchemy import create_engine, text

    from sety_dashboard.cli import db_upgrade

    if backend == "sqlite":
        url = f"sqlite:///{tmp / 'api.db'}"
        db_upgrade(url)
        return url, None
    name = f"sety_bench_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    db_upgrade(url)
    return url, drop


def make_key(url: str) -> str:
    from sety_dashboard.core import db
    from sety_dashboard.core.settings import reset_settings
    from sety_dashboard.domain.keys.service import CreateApiKeyRequest, create_key

    os.environ["SETY_DATABASE_URL"] = url
    reset_settings()
    db.configure(url)
    with db.write_session() as session:
        _, secret = create_key(session, request=CreateApiKeyRequest(name="bench", scopes=["admin"]))
    db.get_engine().dispose()
    return secret


def run_backend(backend: str, args: argparse.Namespace, tmp: Path) -> list[dict[str, Any]]:
    import httpx

    url, drop = make_db(backend, tmp)
    rows: list[dict[str, Any]] = []
    try:
        secret = make_key(url)
        base_env = {**os.environ, "SETY_DATABASE_URL": url, "SETY_RATE_LIMIT_PER_MIN": "100000000",
                    "PYTHONPATH": str(ROOT), "GRANIAN_LOG_LEVEL": "warning"}
        base_env.pop("SETY_REDIS_URL", None)
        label = "SQLite" if backend == "sqlite" else "PostgreSQL"
        configs = [(1, False)] if backend == "sqlite" else [(1, False), (1, True), (2, True)]
        for workers, redis in configs:
            env = {**base_env, "GRANIAN_WORKERS": str(workers)}
            if redis:
                env.update(SETY_REDIS_URL=REDIS, SETY_REDIS_PREFIX=f"sety_bench_{secrets.token_hex(4)}")
            where = f"{label}{' + Redis' if redis else ''}, {workers} worker{'s' * (workers > 1)}"
            app, echo = Server(env), EchoServer(workers)
            try:
                common = {"secret": secret, "args": args}
                rows.append(measure(f"POST /v1/incidents — {where}", app, echo,
                                    path="/v1/incidents", method="POST", body=INCIDENT,
                                    script="create.lua", **common))
                if redis:
                    continue  # the worker-scaling rows are about the write path
                one = httpx.get(f"{app.url}/v1/incidents?limit=1",
                                headers={"Authorization": f"Bearer {secret}"}).json()["data"][0]
                rows.append(measure(f"GET /v1/incidents/{{id}} — {where}", app, echo,
                                    path=f"/v1/incidents/{one['incident_id']}", method="GET",
                                    body=None, script="request.lua", **common))
                rows.append(measure(f"GET /v1/incidents?limit=20 — {where}", app, echo,
                                    path="/v1/incidents?limit=20", method="GET", body=None,
                                    script="request.lua", **common))
                rows.append(measure(f"POST /v1/access-logs — {where}", app, echo,
                                    path="/v1/access-logs", method="POST", body=CHECK_IN,
                                    script="request.lua", **common))
            finally:
                app.stop()
                echo.stop()
    finally:
        if drop is not None:
            drop()
    return rows


def machine() -> str:
    import sqlite3

    return (f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, Linux {platform.release()}")


# -- docs ------------------------------------------------------------------------

def _table(run: dict[str, Any]) -> str:
    lines = ["| row | req/s | echo req/s | % of echo | p50 ms | p95 ms | p99 ms | errors "
             "| app CPU | CPU ms/req | load |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in run["rows"]:
        a = r["app"]
        lines.append(f"| {r['name']} | {a['rps']:.0f} | {r['echo']['rps']:.0f} | "
                     f"{r['ratio'] * 100:.1f} % | {a['p50_ms']:.1f} | {a['p95_ms']:.1f} | "
                     f"{a['p99_ms']:.1f} | {a['errors']} | {a['app_cpu']:.2f} | "
                     f"{a['app_cpu'] / a['rps'] * 1000:.1f} | {r['load']:.1f} |")
    scaling = [r for r in run["rows"] if "Redis" in r["name"]]
    if len(scaling) == 2:
        one, two = scaling
        lines.append("")
        lines.append(f"Two workers ÷ one (PostgreSQL + Redis, creates): "
                     f"**{two['app']['rps'] / one['app']['rps']:.2f}×** (echo: "
                     f"{two['echo']['rps'] / one['echo']['rps']:.2f}×).")
    return "\n".join(lines)


def render() -> str:
    parts = [START, "## API throughput (bench/api_throughput.py)", ""]
    # Runs are shown in this order; a rerun pair repeats a before/after
    # comparison later (e.g. at a lower load, or after a later change).
    for label in ("before", "after", "before-rerun", "after-rerun"):
        path = RESULTS / f"api_{label}.json"
        if not path.exists():
            continue
        run = json.loads(path.read_text())
        title = label.replace("-rerun", " (rerun)").capitalize()
        parts += [f"### {title} — {run['date']}", "",
                  f"Command: `{run['command']}`  ",
                  f"Machine: {run['machine']}; load average (1 min) {run['load_before']:.1f} "
                  f"before, {run['load_after']:.1f} after; wrk {run['connections']} connections, "
                  f"2 threads, {run['duration']:g} s per row after a warm-up.", "",
                  _table(run), ""]
    parts.append(END)
    return "\n".join(parts)


def write_docs() -> None:
    section = render()
    text = DOCS.read_text()
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--label", default="after")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--docs-only", action="store_true", help="re-render docs from results")
    args = parser.parse_args()
    if args.docs_only:
        write_docs()
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (make bench installs it: apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp(prefix="sety-api-bench-"))
    result: dict[str, Any] = {
        "machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_before": os.getloadavg()[0], "connections": args.connections,
        "duration": args.duration,
        "command": "python bench/api_throughput.py" + "".join(
            f" {a}" for a in sys.argv[1:] if a != "--write-docs"),
        "rows": []}
    for backend in args.backends.split(","):
        result["rows"] += run_backend(backend, args, tmp)
    result["load_after"] = os.getloadavg()[0]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"api_{args.label}.json").write_text(json.dumps(result, indent=2))
    print(_table(result))
    if args.write_docs:
        write_docs()


if __name__ == "__main__":
    main()
