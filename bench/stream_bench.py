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


def _wait_http(url: str, alive: Any, within_s: float = 120) -> bool:
    """Wait until `url` answers 200 (False if `alive()` turns false or time runs out)."""
    import httpx

    deadline = time.time() + within_s
    while time.time() < deadline and alive():
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


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
        if not _wait_http(f"{self.url}/v1/health", lambda: self.proc.poll() is None):
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
    """Writes events through the event log, noting each one's commit time.

    `write` goes through `record_event` (the path every domain write takes:
    one counter bump and one ORM row per event). `write_bulk` takes the
    same seq counter and events table but bumps the counter once and
    inserts a transaction's rows in one statement, then publishes each
    envelope on the bus after commit as `record_event`'s listener does: the
    bench process alone can then write well over 1,000 events/s, so a row
    measures delivery, not the bench's writing.
    """

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.committed: dict[int, float] = {}

    def _timed_bus(self) -> Any:
        from sety_dashboard.events.bus import get_bus

        bus = get_bus()
        if not getattr(bus, "_bench_timed", False):
            # "Committed" = the moment the event is published, right after its commit.
            publish = bus.publish

            def timed(envelope: dict[str, Any]) -> None:
                self.committed[envelope["seq"]] = time.time()
                publish(envelope)

            bus.publish = timed  # type: ignore[method-assign]
            bus._bench_timed = True  # type: ignore[attr-defined]
        return bus

    def _one_transaction(self, count: int, bulk: bool) -> list[int]:
        from sqlalchemy import text

        from sety_dashboard.core import clock
        from sety_dashboard.core.db import write_session
        from sety_dashboard.core.ids import new_id
        from sety_dashboard.events.log import record_event, to_envelope
        from sety_dashboard.events.models import EventRecord

        if not bulk:
            with write_session() as session:
                return [record_event(session, "incident.note_added", self.payload)["seq"]
                        for _ in range(count)]
        with write_session() as session:
            last = session.execute(text(
                "UPDATE event_counter SET value = value + :n WHERE name = 'events' RETURNING value"),
                {"n": count}).scalar_one()
            now = clock.now()
            rows = [EventRecord(id=new_id("evt"), seq=seq, type="incident.note_added",
                                created_at=now, data=self.payload)
                    for seq in range(last - count + 1, last + 1)]
            session.execute(EventRecord.__table__.insert(),
                            [{"id": r.id, "seq": r.seq, "type": r.type, "created_at": r.created_at,
                              "data": r.data} for r in rows])
        bus = self._timed_bus()
        for r in rows:
            bus.publish(to_envelope(r))
        return [r.seq for r in rows]

    def write(self, n: int, batch: int, rate: float | None, out: set[int] | None = None,
              bulk: bool = False) -> None:
        """Write n events, at most `batch` per transaction (paced: what is due, every 5 ms).

        Their seqs go into `out` (complete once this returns).
        """
        self._timed_bus()
        done, t0 = 0, time.perf_counter()
        while done < n:
            due = n - done if not rate else int((time.perf_counter() - t0) * rate) + 1 - done
            if due <= 0:
                time.sleep(0.005)
                continue
            seqs = self._one_transaction(min(batch, due, n - done), bulk)
            if out is not None:
                out.update(seqs)
            done += len(seqs)


CLIENT_PROCESSES = 4  # subscribers are spread over processes, so the client is not the bottleneck


class Clients:
    """`subscribers` lean WebSocket subscribers (bench/stream_clients.py) in client processes."""

    def __init__(self, url: str, subscribers: int) -> None:
        import multiprocessing as mp

        from bench.stream_clients import client_process

        ctx = mp.get_context("fork")
        self.subscribers = subscribers
        self.connected, self.final_seq, self.out = ctx.Value("i", 0), ctx.Value("q", 0), ctx.Queue()
        shares = [subscribers // CLIENT_PROCESSES + (i < subscribers % CLIENT_PROCESSES)
                  for i in range(CLIENT_PROCESSES)]
        self.procs = [ctx.Process(target=client_process,
                                  args=(url, n, self.connected, self.final_seq, self.out))
                      for n in shares if n]
        for p in self.procs:
            p.start()
        deadline = time.time() + 60
        while self.connected.value < subscribers and time.time() < deadline:
            time.sleep(0.05)
        if self.connected.value < subscribers:
            raise SystemExit(f"only {self.connected.value} of {subscribers} subscribers connected")
        time.sleep(1.0)  # every stream is subscribed server-side

    def received(self, final_seq: int) -> list[dict[int, float]]:
        """Each subscriber's {seq: receive time}, once every one has seen `final_seq`."""
        self.final_seq.value = final_seq
        got: list[dict[int, float]] = []
        for _ in self.procs:
            part = self.out.get(timeout=600)
            if isinstance(part, dict):
                raise SystemExit(f"subscribers failed: {part['errors'][:3]}")
            got += part
        for p in self.procs:
            p.join(30)
        return got


def _stream_result(subscribers: int, events: int, rate: float | None, t0: float,
                   write_s: float, received: list[dict[int, float]], made: dict[int, float],
                   cpu_s: float) -> dict[str, Any]:
    elapsed = max(r[s] for r in received for s in made) - t0
    latencies = [r[seq] - t for r in received for seq, t in made.items()]
    return {"subscribers": subscribers, "events": events, "rate": rate,
            "written_per_s": events / write_s, "events_per_s": events / elapsed,
            "frames_per_s": events * subscribers / elapsed, "server_cpu": cpu_s / elapsed,
            "cpu_ms_per_event": cpu_s * 1000 / events, **summary(latencies)}


def bench_stream(server: Server, secret: str, producer: Producer, subscribers: int,
                 events: int, batch: int, rate: float | None) -> dict[str, Any]:
    """`events` events written through the event log (`batch` per transaction) to the subscribers."""
    url = server.url.replace("http://", "ws://") + f"/v1/stream?api_key={secret}"
    clients = Clients(url, subscribers)
    want: set[int] = set()
    t0, cpu0 = time.time(), server.cpu_s()
    producer.write(events, batch, rate, want, bulk=True)
    write_s = time.time() - t0
    received = clients.received(max(want))
    cpu_s = server.cpu_s() - cpu0
    return {"batch": batch, **_stream_result(subscribers, events, rate, t0, write_s, received,
                                             {s: producer.committed[s] for s in want}, cpu_s)}


def bench_stream_baseline(subscribers: int, events: int, rate: float | None,
                          size: int) -> dict[str, Any]:
    """The same subscribers and frame size on a bare Granian broadcast (bench/stream_baseline.py)."""
    from websockets.sync.client import connect

    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "stream_baseline.py"), str(port)],
                            cwd=ROOT, env={**os.environ, "GRANIAN_WORKERS": "1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    server = Server.__new__(Server)  # only its cpu_s and stop
    server.proc = proc
    try:
        _wait_http(f"http://127.0.0.1:{port}/", lambda: proc.poll() is None)
        clients = Clients(f"ws://127.0.0.1:{port}/sub", subscribers)
        with connect(f"ws://127.0.0.1:{port}/control", max_size=None,
                     ping_interval=None) as control:
            t0, cpu0 = time.time(), server.cpu_s()
            control.send(f"go {events} {rate or 0} {size}")
            made = {int(k): v for k, v in json.loads(control.recv(timeout=600)).items()}
            write_s = time.time() - t0
        received = clients.received(events)
        cpu_s = server.cpu_s() - cpu0
    finally:
        server.stop()
    return _stream_result(subscribers, events, rate, t0, write_s, received, made, cpu_s)


class ReceiverProcess:
    """bench/webhook_receiver.py in its own process (so it never shares the bench's GIL)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "webhook_receiver.py"),
                                      str(self.port)], cwd=ROOT, start_new_session=True)
        if not _wait_http(f"{self.url}/count", lambda: self.proc.poll() is None, 30):
            raise SystemExit("the receiver did not start")

    def cpu_s(self) -> float:
        return Server.cpu_s(self)  # type: ignore[arg-type]

    def count(self) -> int:
        import httpx

        return int(httpx.get(f"{self.url}/count", timeout=30).text)

    def results(self) -> dict[tuple[str, int], float]:
        import httpx

        got = httpx.get(f"{self.url}/results", timeout=60).json()
        return {(k.split(" ")[0], int(k.split(" ")[1])): v for k, v in got.items()}

    def stop(self) -> None:
        Server.stop(self)  # type: ignore[arg-type]


def bench_receiver_alone(receiver: ReceiverProcess, requests: int, connections: int,
                         size: int) -> dict[str, Any]:
    """The baseline: the receiver driven by a bare keep-alive client, no app in between."""
    from bench.webhook_receiver import drive

    body = ('{"id":"evt_x","seq":1,"type":"incident.note_added","data":"' + "x" * size + '"}').encode()
    cpu0 = receiver.cpu_s()
    elapsed, trips = drive(receiver.port, requests, connections, body)
    cpu_s = receiver.cpu_s() - cpu0
    return {"code": f"baseline: receiver alone ({connections} keep-alive connections)",
            "events": requests, "endpoints": 1, "rate": None, "what": f"{requests} requests",
            "deliveries_per_s": requests / elapsed, "server_cpu": cpu_s / elapsed,
            "cpu_ms_per_delivery": cpu_s * 1000 / requests, **summary(trips)}


def bench_webhooks(server: Server, secret: str, producer: Producer, receiver: ReceiverProcess,
                   events: int, batch: int, endpoints: int = 1,
                   rate: float | None = None) -> dict[str, Any]:
    """`events` events to `endpoints` endpoints on the receiver (each wants every event)."""
    import httpx

    run = secrets.token_hex(3)
    paths = [f"/hook/{run}-{i}" for i in range(endpoints)]
    with httpx.Client(base_url=server.url, timeout=30,
                      headers={"Authorization": f"Bearer {secret}"}) as client:
        made = [client.post("/v1/webhooks", json={"url": receiver.url + p, "events": ["incident.*"]})
                for p in paths]
        for ep in made:
            ep.raise_for_status()
    time.sleep(0.5)
    start_count = receiver.count()
    want: set[int] = set()
    t0, cpu0 = time.time(), server.cpu_s()
    producer.write(events, batch, rate, want, bulk=True)
    deadline = time.time() + 900
    while receiver.count() - start_count < events * endpoints and time.time() < deadline:
        time.sleep(0.2)
    cpu_s = server.cpu_s() - cpu0
    got = receiver.results()
    wanted = {(p, s) for p in paths for s in want}
    missing = len(wanted - got.keys())
    elapsed = max(got.get(k, 0) for k in wanted) - t0
    with httpx.Client(base_url=server.url, timeout=30,
                      headers={"Authorization": f"Bearer {secret}"}) as client:
        for ep in made:  # so the next run's endpoints are the only ones fed
            client.delete(f"/v1/webhooks/{ep.json()['endpoint_id']}")
    latencies = [got[k] - producer.committed[k[1]] for k in wanted if k in got]
    return {"events": events, "batch": batch, "endpoints": endpoints, "rate": rate,
            "missing": missing, "deliveries_per_s": len(wanted) / elapsed,
            "server_cpu": cpu_s / elapsed, "cpu_ms_per_delivery": cpu_s * 1000 / len(wanted),
            **summary(latencies)}


def _ms(r: dict[str, Any]) -> str:
    return f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f}"


def stream_rows(results: dict[str, Any]) -> list[str]:
    rows = []
    for key, what in (("stream_paced", "paced {rate:g} events/s"),
                      ("stream_burst", "{events} events as fast as written")):
        for code, r in (("baseline: bare Granian broadcast", results.get(key + "_baseline")),
                        ("app", results.get(key))):
            if r is None:
                continue
            run = f"{r['subscribers']} subscribers, " + what.format(**r)
            rows.append(f"| {code} | {run} | {r['written_per_s']:.0f} | {r['events_per_s']:.0f} "
                        f"| {r['frames_per_s']:.0f} | {r['server_cpu']:.2f} "
                        f"| {r['cpu_ms_per_event']:.2f} | {_ms(r)} |")
    return rows


def webhook_rows(results: dict[str, Any]) -> list[str]:
    rows = []
    for r in results["webhook_runs"]:
        run = r.get("what") or (f"{r['events']} events × {r['endpoints']} endpoints, " + (
            f"paced {r['rate']:g} events/s" if r.get("rate") else "as fast as written"))
        if r.get("missing"):
            run += f" ({r['missing']} not delivered within 15 min)"
        rows.append(f"| {r.get('code', 'app')} | {run} | {r['deliveries_per_s']:.0f} "
                    f"| {r['server_cpu']:.2f} | {r['cpu_ms_per_delivery']:.2f} | {_ms(r)} |")
    return rows


def markdown(results: dict[str, Any], command: str) -> str:
    stream = "\n".join(stream_rows(results))
    hooks = "\n".join(webhook_rows(results))
    parts = [f"""{START}
## Live stream and webhooks

Command: `{command}` — the real app (`reflex run --env prod --backend-only`,
Granian, one worker, SQLite file, Redis bus); events ~{results['payload_bytes']}
bytes (an incident), written by the bench through the event log
(`record_event` in write transactions, published after commit as any domain
write); latency is commit → receipt on this machine's one clock.
Machine: {results['machine']}; 1-minute load average {results['load_before']:.1f}
before and {results['load_after']:.1f} after the run. Measured {results['date']}.
"""]
    if stream:
        parts.append(f"""
| code | run | written/s | delivered/s | frames/s | CPU (cores) | CPU ms/event | p50 ms | p95 ms | p99 ms |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
{stream}
""")
    if hooks:
        parts.append(f"""
| code | run | deliveries/s | CPU (cores) | CPU ms/delivery | p50 ms | p95 ms | p99 ms |
|---|---|---:|---:|---:|---:|---:|---:|
{hooks}
""")
    return "".join(parts) + END + "\n"


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
    parser.add_argument("--rate", type=float, default=200.0, help="paced stream run, events/s")
    parser.add_argument("--batch", type=int, default=100,
                        help="events per write transaction in the stream burst run")
    parser.add_argument("--webhooks", type=int, default=500, help="events in the webhook burst run")
    parser.add_argument("--endpoints", type=int, default=10)
    parser.add_argument("--webhook-rate", type=float, default=100.0, help="paced webhook run, events/s")
    parser.add_argument("--paced-seconds", type=float, default=10.0, help="length of the paced runs")
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
           # A burst row measures throughput: a subscriber may trail by the
           # whole burst without being told to resume (4408) meanwhile.
           "SETY_STREAM_QUEUE_MAX": os.environ.get("SETY_STREAM_QUEUE_MAX", "20000"),
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
            size = len(json.dumps(incident)) + 120  # the envelope around the incident
            paced = int(args.rate * args.paced_seconds)
            results["stream_paced_baseline"] = bench_stream_baseline(
                args.subscribers, paced, args.rate, size)
            results["stream_paced"] = bench_stream(server, secret, producer, args.subscribers,
                                                   paced, args.batch, args.rate)
            results["stream_burst_baseline"] = bench_stream_baseline(
                args.subscribers, args.events, None, size)
            results["stream_burst"] = bench_stream(server, secret, producer, args.subscribers,
                                                   args.events, args.batch, None)
        results["webhook_runs"] = []
        if args.only != "stream":
            receiver = ReceiverProcess()
            try:
                results["webhook_runs"] = [
                    bench_receiver_alone(receiver, args.webhooks * args.endpoints, 16,
                                         len(json.dumps(incident))),
                    bench_webhooks(server, secret, producer, receiver, args.webhooks, args.batch,
                                   args.endpoints),
                    bench_webhooks(server, secret, producer, receiver,
                                   int(args.webhook_rate * args.paced_seconds), args.batch,
                                   args.endpoints, args.webhook_rate)]
            finally:
                receiver.stop()
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
