"""Push latency: from the API's answer to a new incident arriving in N open dashboards.

    python bench/push_latency.py                 # N = 1, 10, 50, 200, 500; writes docs/PERFORMANCE.md
    python bench/push_latency.py --tabs 50 --incidents 40 --no-write

For each N, a fresh SQLite database (with a realistic busy board: 25 open
incidents) and a fresh server process (`uvicorn sety_dashboard.sety_dashboard:app`,
one process, in-memory bus and state) are started. N simulated tabs speak the
Reflex websocket (socket.io over `/_event`, see bench/reflex_socket.py) as
the browser does: they connect with a dispatcher's session token, load the
board (`/`), and from then on only listen. The bench then creates incidents
one at a time through `POST /v1/incidents` and records, for every tab, when
the delta carrying the new row arrives. Latency = arrival − the moment the
API's response was received (can be slightly negative: the push may beat the
HTTP response). The next incident is sent once every tab has it (or after
10 s), 0.2 s later.

Client and server share this machine's cores; the bench runs the server in
its own process so their Python threads do not contend for one GIL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import raw_broadcast  # noqa: E402
from bench.reflex_socket import (  # noqa: E402
    BOARD_STATE,
    connect_packet,
    new_tab_token,
    parse,
    socket_url,
)

DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- push_latency:start -->", "<!-- push_latency:end -->"
BASELINE_OPEN = 25
ROWS_KEY = '"rows_rx_state_"'


@dataclass
class Result:
    tabs: int
    samples: list[float] = field(default_factory=list)  # ms, from the API response
    from_request: list[float] = field(default_factory=list)  # ms, from sending the request
    missing: int = 0
    delta_bytes: list[int] = field(default_factory=list)
    server_cpu_s: float = 0.0
    # The machine's 1-minute load average at the end of the run (other work
    # on the machine shows here, and in the latencies).
    load: float = 0.0
    # The baseline: a bare `websockets` broadcast of a frame of the same size
    # to the same number of clients, measured right after (bench/raw_broadcast.py).
    raw_samples: list[float] = field(default_factory=list)
    raw_missing: int = 0

    def pct(self, p: float, values: list[float] | None = None) -> float:
        values = sorted(values if values is not None else self.samples)
        if not values:
            return float("nan")
        k = (len(values) - 1) * p / 100
        lo, hi = int(k), min(int(k) + 1, len(values) - 1)
        return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare_db(path: Path, tabs: int) -> tuple[str, list[str]]:
    """Migrate, load a busy board, create dispatchers; returns (admin key, session tokens)."""
    url = f"sqlite:///{path}"
    os.environ["SETY_DATABASE_URL"] = url
    from sety_dashboard.cli import db_upgrade
    from sety_dashboard.core import db as db_mod
    from sety_dashboard.core.settings import reset_settings
    from sety_dashboard.domain.keys.service import CreateApiKeyRequest, create_key
    from sety_dashboard.domain.users.service import CreateUserRequest, create_user, sign_in

    reset_settings()
    db_upgrade(url)
    db_mod.configure(url)
    from tests.factories import make_incident

    for i in range(BASELINE_OPEN):
        # Low / medium: their deadlines do not pass during the run, so no burst
        # of sla_breached pushes muddles the measurement.
        make_incident(category=["sos", "medical", "security", "fire", "other"][i % 5],
                      severity=["low", "medium"][i % 2],
                      subject={"name": f"Baseline Person {i}", "phone": "+2348012345678"},
                      description="A busy board before the measured incidents arrive.")
    tokens = []
    with db_mod.write_session() as session:
        _, secret = create_key(session, request=CreateApiKeyRequest(name="bench",
                                                                    scopes=["admin"]))
        users = max(1, min(tabs, 10))
        for u in range(users):
            create_user(session, request=CreateUserRequest(
                email=f"bench{u}@example.com", name=f"Bench Dispatcher {u}",
                role="dispatcher", password="bench password"))
    for u in range(max(1, min(tabs, 10))):
        with db_mod.write_session() as session:
            tokens.append(sign_in(session, email=f"bench{u}@example.com",
                                  password="bench password")[1])
    db_mod.get_engine().dispose()
    return secret, tokens


SERVERS = {
    # What `reflex run --env prod` runs (granian), with one worker.
    "granian": ["-m", "granian", "--interface", "asgi", "--factory", "--workers", "1",
                "--log-level", "warning", "--host", "127.0.0.1", "--port", "{port}",
                "sety_dashboard.sety_dashboard:app"],
    "uvicorn": ["-m", "uvicorn", "sety_dashboard.sety_dashboard:app", "--factory",
                "--host", "127.0.0.1", "--port", "{port}", "--log-level", "warning",
                "--ws", "websockets-sansio"],
}


def _start_server(db_url: str, port: int, log: Path, server: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SETY_DATABASE_URL=db_url, __REFLEX_SKIP_COMPILE="true",
               REFLEX_ENV_MODE="prod", REFLEX_TELEMETRY_ENABLED="false")
    env.pop("SETY_REDIS_URL", None)
    out = log.open("wb")
    args = [a.replace("{port}", str(port)) for a in SERVERS[server]]
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=out,
                            stderr=subprocess.STDOUT)
    deadline = time.time() + 180  # a loaded machine (load 20 on 2 cores) takes over a minute
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


class Tab:
    """One simulated dashboard tab on the board."""

    def __init__(self, base: str, session_token: str) -> None:
        self.base, self.session_token = base, session_token
        self.loaded = asyncio.Event()
        self.arrivals: dict[str, float] = {}
        self.sizes: dict[str, int] = {}
        self.waiting: set[str] = set()
        self.ws = None

    async def run(self) -> None:
        import websockets

        async with websockets.connect(socket_url(self.base, new_tab_token()), max_size=None,
                                      open_timeout=60) as ws:
            self.ws = ws
            await ws.recv()
            await ws.send(connect_packet("/", self.session_token))
            async for frame in ws:
                now = time.perf_counter()
                if frame == "2":
                    await ws.send("3")
                    continue
                if not isinstance(frame, str) or not frame.startswith("42"):
                    continue
                if not self.loaded.is_set():
                    body = parse(frame)
                    delta = (body or {}).get("delta") or {}
                    if (delta.get(BOARD_STATE) or {}).get("loaded_rx_state_") is True:
                        self.loaded.set()
                    continue
                # Like the raw baseline's clients: look for the marker, do not
                # decode every 20 KB frame (200 tabs share this one process).
                if self.waiting and ROWS_KEY in frame and BOARD_STATE in frame:
                    for incident_id in list(self.waiting):
                        if incident_id in frame:
                            self.arrivals[incident_id] = now
                            self.sizes[incident_id] = len(frame)
                            self.waiting.discard(incident_id)


async def _measure(base: str, secret: str, tokens: list[str], tabs: int,
                   incidents: int) -> Result:
    result = Result(tabs=tabs)
    clients = [Tab(base, tokens[i % len(tokens)]) for i in range(tabs)]
    tasks = []
    for i, tab in enumerate(clients):
        tasks.append(asyncio.create_task(tab.run()))
        if i % 20 == 19:
            await asyncio.sleep(0.2)  # connect in waves, as a control room would open
    await asyncio.wait_for(asyncio.gather(*(t.loaded.wait() for t in clients)), timeout=120)
    await asyncio.sleep(0.5)
    async with httpx.AsyncClient(base_url=base, timeout=30,
                                 headers={"Authorization": f"Bearer {secret}"}) as api:
        for n in range(incidents + 2):  # the first two warm up and are not counted
            for tab in clients:
                tab.waiting = set()
            sent = time.perf_counter()
            body = {"category": "sos", "location": {"coordinates": [3.38, 6.52],
                                                     "address": f"Bench street {n}"},
                    "subject": {"name": f"Bench Subject {n:04d}", "phone": "+2348012345678"},
                    "severity": "medium"}
            # Tabs listen for the id; it is known only from the answer, so
            # they match on the subject's unique name meanwhile.
            marker = f"Bench Subject {n:04d}"
            for tab in clients:
                tab.waiting = {marker}
            resp = await api.post("/v1/incidents", json=body)
            answered = time.perf_counter()
            resp.raise_for_status()
            deadline = time.perf_counter() + 10
            while any(marker in tab.waiting for tab in clients) and time.perf_counter() < deadline:
                await asyncio.sleep(0.005)
            if n >= 2:
                for tab in clients:
                    if marker in tab.arrivals:
                        result.samples.append((tab.arrivals[marker] - answered) * 1000)
                        result.from_request.append((tab.arrivals[marker] - sent) * 1000)
                        result.delta_bytes.append(tab.sizes[marker])
                    else:
                        result.missing += 1
            await asyncio.sleep(0.2)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return result


def run_one(tabs: int, incidents: int, workdir: Path, server: str) -> Result:
    import psutil

    db_path = workdir / f"bench_{tabs}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    secret, tokens = _prepare_db(db_path, tabs)
    port = _free_port()
    proc = _start_server(f"sqlite:///{db_path}", port, workdir / f"server_{tabs}.log", server)
    def cpu() -> float:  # the server and its worker processes (granian forks one)
        parent = psutil.Process(proc.pid)
        return sum(p.cpu_times().user + p.cpu_times().system
                   for p in [parent, *parent.children(recursive=True)])

    try:
        cpu0 = cpu()
        result = asyncio.run(_measure(f"http://127.0.0.1:{port}", secret, tokens, tabs,
                                      incidents))
        result.server_cpu_s = cpu() - cpu0
        result.load = os.getloadavg()[0]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    size = int(statistics.mean(result.delta_bytes)) if result.delta_bytes else 1024
    raw_port = _free_port()
    raw = raw_broadcast.start_server(raw_port, workdir / f"raw_{tabs}.log")
    try:
        result.raw_samples, result.raw_missing = asyncio.run(
            raw_broadcast.measure(raw_port, tabs, incidents, size))
    finally:
        raw.terminate()
        raw.wait(timeout=10)
    return result


def _machine() -> str:
    import psutil

    mem = psutil.virtual_memory().total / 2**30
    cpu = platform.processor() or platform.machine()
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}")


def render(results: list[Result], incidents: int, command: str, server: str) -> str:
    lines = [
        START,
        "## Dashboard push latency",
        "",
        "From the moment `POST /v1/incidents` answered to the new incident's row",
        "arriving in each open dispatch board (simulated tabs speaking the Reflex",
        f"websocket; one {server} server process on SQLite, in-memory bus and state; the board",
        f"already holds {BASELINE_OPEN} open incidents). {incidents} incidents per run,",
        "sent one at a time.",
        "",
        f"Command: `{command}`  ",
        f"Machine: {_machine()}; the bench client and the server share it.",
        "",
        "Each row's *raw* columns are the baseline measured in the same run right after",
        "it: a bare `websockets` server (bench/raw_broadcast.py) broadcasting one frame",
        "of the same size (the row's mean delta) to the same number of clients, from",
        "the trigger being sent to each client receiving it. *× raw* = p99 ÷ raw p99.",
        "",
        "| tabs | samples | p50 ms | p95 ms | p99 ms | max ms | p99 from request ms "
        "| missed | delta KB | server CPU s | load | raw p50 ms | raw p95 ms | raw p99 ms "
        "| raw missed | × raw |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        kb = statistics.mean(r.delta_bytes) / 1024 if r.delta_bytes else 0
        lines.append(
            f"| {r.tabs} | {len(r.samples)} | {r.pct(50):.0f} | {r.pct(95):.0f} | "
            f"{r.pct(99):.0f} | {max(r.samples, default=float('nan')):.0f} | "
            f"{r.pct(99, r.from_request):.0f} | {r.missing} | {kb:.1f} | {r.server_cpu_s:.1f} "
            f"| {r.load:.1f} | {r.pct(50, r.raw_samples):.0f} | {r.pct(95, r.raw_samples):.0f} "
            f"| {r.pct(99, r.raw_samples):.0f} | {r.raw_missing} "
            f"| {r.pct(99) / max(r.pct(99, r.raw_samples), 1):.1f} |")
    lines.append("")
    lines.append(END)
    return "\n".join(lines)


def write_doc(section: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Performance\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tabs", type=int, nargs="*", default=[1, 10, 50, 200, 500])
    parser.add_argument("--incidents", type=int, default=30)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--server", choices=sorted(SERVERS), default="granian",
                        help="granian is what `reflex run --env prod` uses")
    parser.add_argument("--no-write", action="store_true", help="print, do not update the doc")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.tabs:
        r = run_one(n, args.incidents, args.workdir, args.server)
        print(f"tabs={n}: p50={r.pct(50):.0f} ms p95={r.pct(95):.0f} ms p99={r.pct(99):.0f} ms "
              f"missed={r.missing} server_cpu={r.server_cpu_s:.1f}s | raw broadcast: "
              f"p50={r.pct(50, r.raw_samples):.0f} ms p99={r.pct(99, r.raw_samples):.0f} ms "
              f"missed={r.raw_missing}", flush=True)
        results.append(r)
    command = "python bench/push_latency.py" + (
        "" if args.tabs == [1, 10, 50, 200, 500] else " --tabs " + " ".join(map(str, args.tabs))) + (
        "" if args.incidents == 30 else f" --incidents {args.incidents}") + (
        "" if args.server == "granian" else f" --server {args.server}")
    section = render(results, args.incidents, command, args.server)
    print(section)
    if not args.no_write:
        write_doc(section)
        print(f"updated {DOC}")
    (args.workdir / "push_latency.json").write_text(json.dumps(
        [{"tabs": r.tabs, "p50": r.pct(50), "p95": r.pct(95), "p99": r.pct(99),
          "missing": r.missing, "raw_p50": r.pct(50, r.raw_samples),
          "raw_p99": r.pct(99, r.raw_samples), "raw_missing": r.raw_missing}
         for r in results], indent=2))


if __name__ == "__main__":
    main()
