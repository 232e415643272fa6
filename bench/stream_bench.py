"""Benchmark: events through /v1/stream to 100 subscribers, and webhook deliveries.

    python bench/stream_bench.py [--subscribers 100] [--events 3000] [--webhooks 2000]
                                 [--write-docs]

Runs the real app (`reflex run --env prod --backend-only`, Granian) on a fresh
SQLite file with the Redis bus, so this process can write events (in
batches, each committed and published like any domain write) while the
server fans them out. Latency is commit → receipt, measured on this machine's
one clock. Results are printed as Markdown; `--write-docs` replaces the
stream section of docs/PERFORMANCE.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOCS = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- stream-bench:start -->", "<!-- stream-bench:end -->"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summary(latencies_s: list[float]) -> dict[str, float]:
    ms = [x * 1000 for x in latencies_s]
    return {"p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95), "p99_ms": pct(ms, 99),
            "mean_ms": statistics.fmean(ms)}


class Server:
    """The real app as a subprocess (killed at the end)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        reflex = Path(sys.executable).with_name("reflex")
        cmd = [str(reflex), "run", "--env", "prod", "--backend-only", "--backend-port", str(self.port)]
        if os.environ.get("BENCH_SERVER_CMD"):  # e.g. a profiler around the API alone
            cmd = os.environ["BENCH_SERVER_CMD"].split() + [str(self.port)]
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        import httpx

        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("the app did not start")

    def cpu_s(self) -> float:
        """CPU seconds used so far by the app's processes (to see who is the bottleneck)."""
        import psutil

        total = 0.0
        try:
            root = psutil.Process(self.proc.pid)
            for p in [root, *root.children(recursive=True)]:
                t = p.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            pass
        return total

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)


class Producer:
    """Writes events in batches (one transaction each), noting each commit time."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.committed: dict[int, float] = {}

    def write(self, n: int, batch: int, rate: float | None, out: set[int] | None = None) -> None:
        """Write n events; their seqs go into `out` (complete once this returns)."""
        from sety_dashboard.core.db import write_session
        from sety_dashboard.events.bus import get_bus
        from sety_dashboard.events.log import record_event

        bus = get_bus()
        if not getattr(bus, "_bench_timed", False):
            # "Committed" = the moment the event is published, right after its commit.
            publish = bus.publish

            def timed(envelope: dict[str, Any]) -> None:
                self.committed[envelope["seq"]] = time.time()
                publish(envelope)

            bus.publish = timed  # type: ignore[method-assign]
            bus._bench_timed = True  # type: ignore[attr-defined]

        done, t0 = 0, time.perf_counter()
        while done < n:
            seqs = []
            with write_session() as session:
                for _ in range(min(batch, n - done)):
                    seqs.append(record_event(session, "incident.note_added", self.payload)["seq"])
            if out is not None:
                out.update(seqs)
            done += len(seqs)
            if rate:
                ahead = done / rate - (time.perf_counter() - t0)
                if ahead > 0:
                    time.sleep(ahead)


CLIENT_PROCESSES = 4  # subscribers are spread over processes, so the client is not the bottleneck


def _seq_of(frame: str) -> int | None:
    """The seq of an event frame (None for a heartbeat), without a full JSON parse."""
    if frame.startswith('{"type":"heartbeat"'):
        return None
    i = frame.index('"seq":') + 6
    return int(frame[i:frame.index(",", i)])


async def _subscribe_many(url: str, count: int, connected: Any, go: Any, final_seq: Any,
                          out: Any) -> None:
    from websockets.asyncio.client import connect

    async def one() -> dict[int, float]:
        got: dict[int, float] = {}
        async with connect(url, max_queue=None, compression=None) as ws:
            with connected.get_lock():
                connected.value += 1
            while True:
                try:
                    frame = await asyncio.wait_for(ws.recv(), 0.5)
                except TimeoutError:
                    frame = None
                if frame is not None and (seq := _seq_of(frame)) is not None:
                    got[seq] = time.time()
                if 0 < final_seq.value <= max(got, default=0):
                    return got

    results = await asyncio.gather(*(one() for _ in range(count)))
    out.put(results)


def _client_process(url: str, count: int, connected: Any, go: Any, final_seq: Any, out: Any) -> None:
    asyncio.run(_subscribe_many(url, count, connected, go, final_seq, out))


def bench_stream(server: Server, secret: str, producer: Producer, subscribers: int,
                 events: int, batch: int, rate: float | None) -> dict[str, Any]:
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    url = server.url.replace("http://", "ws://") + f"/v1/stream?api_key={secret}"
    connected, final_seq, out = ctx.Value("i", 0), ctx.Value("q", 0), ctx.Queue()
    shares = [subscribers // CLIENT_PROCESSES + (i < subscribers % CLIENT_PROCESSES)
              for i in range(CLIENT_PROCESSES)]
    procs = [ctx.Process(target=_client_process, args=(url, n, connected, None, final_seq, out))
             for n in shares if n]
    for p in procs:
        p.start()
    deadline = time.time() + 60
    while connected.value < subscribers and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # every stream is subscribed server-side
    want: set[int] = set()
    t0, cpu0 = time.time(), server.cpu_s()
    producer.write(events, batch, rate, want)
    final_seq.value = max(want)
    received: list[dict[int, float]] = []
    for _ in procs:
        received += out.get(timeout=600)
    for p in procs:
        p.join(30)
    elapsed = max(r[s] for r in received for s in want) - t0
    server_cpu = (server.cpu_s() - cpu0) / (time.time() - t0)
    latencies = [r[seq] - producer.committed[seq] for r in received for seq in want]
    return {"subscribers": subscribers, "events": events, "batch": batch, "rate": rate,
            "events_per_s": events / elapsed, "frames_per_s": events * subscribers / elapsed,
            "server_cpu": server_cpu, **summary(latencies)}


def bench_webhooks(server: Server, secret: str, producer: Producer, events: int,
                   batch: int, endpoints: int = 1, rate: float | None = None) -> dict[str, Any]:
    """`events` events to `endpoints` endpoints on one local receiver (each wants every event)."""
    import httpx

    from tests.webhooks.receiver import Receiver

    got: dict[tuple[str, int], float] = {}
    lock = threading.Lock()
    run = secrets.token_hex(3)

    def reply(r: Any) -> Any:
        from tests.webhooks.receiver import Reply

        with lock:
            got.setdefault((r.path, r.json["seq"]), time.time())
        return Reply(200)

    with Receiver(reply) as rcv:
        paths = [f"/hook/{run}-{i}" for i in range(endpoints)]
        with httpx.Client(base_url=server.url, timeout=30,
                          headers={"Authorization": f"Bearer {secret}"}) as client:
            made = [client.post("/v1/webhooks", json={"url": rcv.url.removesuffix("/hook") + p,
                                                      "events": ["incident.*"]}) for p in paths]
            for ep in made:
                ep.raise_for_status()
        time.sleep(0.5)
        want: set[int] = set()
        t0, cpu0 = time.time(), server.cpu_s()
        producer.write(events, batch, rate, want)
        wanted = {(p, s) for p in paths for s in want}
        deadline = time.time() + 600
        while not wanted <= got.keys() and time.time() < deadline:
            time.sleep(0.05)
        elapsed = max(got[k] for k in wanted) - t0
        server_cpu = (server.cpu_s() - cpu0) / (time.time() - t0)
        with httpx.Client(base_url=server.url, timeout=30,
                          headers={"Authorization": f"Bearer {secret}"}) as client:
            for ep in made:  # so the next run's endpoints are the only ones fed
                client.delete(f"/v1/webhooks/{ep.json()['endpoint_id']}")
    latencies = [got[(p, s)] - producer.committed[s] for (p, s) in wanted]
    return {"events": events, "batch": batch, "endpoints": endpoints, "rate": rate,
            "deliveries_per_s": len(wanted) / elapsed, "server_cpu": server_cpu,
            **summary(latencies)}


def markdown(results: dict[str, Any], command: str) -> str:
    machine = results["machine"]

    def row(name: str, r: dict[str, Any], throughput: str) -> str:
        return (f"| {name} | {throughput} | {r['server_cpu']:.2f} | {r['p50_ms']:.0f} ms "
                f"| {r['p95_ms']:.0f} ms | {r['p99_ms']:.0f} ms |")

    def stream_tp(r: dict[str, Any]) -> str:
        return f"{r['events_per_s']:.0f} events/s ({r['frames_per_s']:.0f} frames/s)"

    lines = []
    if "stream_paced" in results:
        s_rate, s_burst = results["stream_paced"], results["stream_burst"]
        lines += [
            row(f"stream, {s_rate['subscribers']} subscribers, paced {s_rate['rate']:g} events/s",
                s_rate, stream_tp(s_rate)),
            row(f"stream, {s_burst['subscribers']} subscribers, {s_burst['events']} events as "
                "fast as written", s_burst, stream_tp(s_burst))]
    lines += [row(f"webhooks, {r['endpoints']} endpoint(s), {r['events']} events"
                  + (f" paced {r['rate']:g}/s" if r.get("rate") else " as fast as written")
                  + " (local receiver)", r, f"{r['deliveries_per_s']:.0f} deliveries/s")
              for r in results["webhook_runs"]]
    rows = "\n".join(lines)
    return f"""{START}
## Live stream and webhooks

Command: `{command}` (real app: `reflex run --env prod --backend-only`, Granian,
SQLite file, Redis bus; events ~{results['payload_bytes']} bytes, the size of an
incident; latency is commit → receipt).
Machine: {machine}; 1-minute load average {results['load_before']:.1f} before and
{results['load_after']:.1f} after the run (other work shared the machine). Measured {results['date']}.

| run | throughput | app CPU (cores) | p50 | p95 | p99 |
|---|---|---|---|---|---|
{rows}

The paced row is the latency a subscriber sees under a steady load the app
keeps up with; the burst rows measure a backlog draining (latency grows with
the queue), i.e. the most one app process moves. "App CPU" is the app's
processes' CPU time over the run: near 1.0, the one Granian worker is the
limit (add workers with `SETY_REDIS_URL` and `GRANIAN_WORKERS` to go
further). Subscribers run in 4 client processes and the receiver in the
benchmark process, on the same 2 cores.
{END}
"""


def write_docs(section: str) -> None:
    text = DOCS.read_text() if DOCS.exists() else "# Performance\n\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section.strip() + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--webhooks", type=int, default=2000)
    parser.add_argument("--endpoints", type=int, default=10)
    parser.add_argument("--webhook-rate", type=float, default=100.0)
    parser.add_argument("--only", choices=["stream", "webhooks"], default=None)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="sety-bench-"))
    env = {**os.environ, "SETY_DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
           "SETY_REDIS_URL": os.environ.get("SETY_REDIS_URL", "redis://127.0.0.1:6379/0"),
           "SETY_REDIS_PREFIX": f"sety_bench_{secrets.token_hex(4)}",
           "SETY_WEBHOOK_ALLOW_PRIVATE": "1", "SETY_RATE_LIMIT_PER_MIN": "1000000",
           # One Granian worker, as the figures say (with Redis set, Reflex
           # would otherwise start 2 × cores + 1 workers over one SQLite file).
           "GRANIAN_WORKERS": os.environ.get("GRANIAN_WORKERS", "1"),
           "PYTHONPATH": str(ROOT)}
    os.environ.update(env)

    from sety_dashboard.cli import db_upgrade
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.keys.service import CreateApiKeyRequest, create_key

    db_upgrade(env["SETY_DATABASE_URL"])
    with write_session() as session:
        _, secret = create_key(session, request=CreateApiKeyRequest(name="bench", scopes=["admin"]))
    server = Server(env)
    try:
        import httpx

        incident = httpx.post(f"{server.url}/v1/incidents", headers={"Authorization": f"Bearer {secret}"},
                              json={"category": "sos", "location": {"coordinates": [3.3792, 6.5244],
                                    "address": "14 Bourdillon Road, Ikoyi, Lagos"},
                                    "subject": {"name": "Amaka Obi", "phone": "+2348012345678"}},
                              timeout=30).json()
        # Resolved at once, so no SLA breach events mix into the measurement.
        httpx.post(f"{server.url}/v1/incidents/{incident['incident_id']}/resolve",
                   headers={"Authorization": f"Bearer {secret}"},
                   json={"resolution_outcome": "handled"}, timeout=30).raise_for_status()
        producer = Producer(incident)
        results: dict[str, Any] = {
            "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
            "date": time.strftime("%Y-%m-%d"),
            "load_before": os.getloadavg()[0],
            "payload_bytes": len(json.dumps(incident)),
        }
        if args.only != "webhooks":
            results["stream_paced"] = bench_stream(server, secret, producer, args.subscribers,
                                                   int(args.rate * 10), 1, args.rate)
            results["stream_burst"] = bench_stream(server, secret, producer, args.subscribers,
                                                   args.events, 50, None)
        results["webhook_runs"] = [] if args.only == "stream" else [
            bench_webhooks(server, secret, producer, args.webhooks, 50, args.endpoints),
            bench_webhooks(server, secret, producer, int(args.webhook_rate * 10), 1,
                           args.endpoints, args.webhook_rate)]
        results["load_after"] = os.getloadavg()[0]
    finally:
        server.stop()
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "stream.json").write_text(json.dumps(results, indent=2))
    command = "python bench/stream_bench.py" + "".join(
        f" {a}" for a in sys.argv[1:] if a != "--write-docs")
    section = markdown(results, command)
    print(section)
    if args.write_docs:
        write_docs(section)


if __name__ == "__main__":
    main()
