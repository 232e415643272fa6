"""The baseline for bench/push_latency.py: a bare `websockets` broadcast.

What the stack beneath the dashboard can do on this machine: one Python
process running a plain `websockets` server holds N client connections; on
each event it builds one text frame of the same size as the dashboard's push
and hands it to `websockets.broadcast` (encoded once, written to every
socket). No Reflex, no socket.io, no state, no database: the floor a push
path in Python could reach, measured in the same run, with the same N and
payload size, and with the clients in the bench process as the simulated tabs
are.

    python -m bench.raw_broadcast PORT        # the server (run by the bench)

A control connection sends `go <marker> <bytes>`; the server broadcasts a
frame of <bytes> characters carrying <marker> to every other connection.
Latency is measured from sending `go` to each client receiving the frame.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def _serve(port: int) -> None:
    from websockets.asyncio.server import broadcast, serve

    listeners: set = set()

    async def handler(ws) -> None:  # noqa: ANN001 - websockets' connection type
        listeners.add(ws)
        try:
            async for message in ws:
                if not isinstance(message, str) or not message.startswith("go "):
                    continue
                listeners.discard(ws)  # the controller is not a listener
                _, marker, size = message.split(" ", 2)
                # Built and encoded once per event, like a patch sent to a room.
                head = json.dumps({"marker": marker, "pad": ""})[:-2]
                frame = head + "x" * max(0, int(size) - len(head) - 2) + '"}'
                broadcast(listeners, frame)
        finally:
            listeners.discard(ws)

    async with serve(handler, "127.0.0.1", port, max_size=None, compression=None):
        await asyncio.Future()


def start_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    return subprocess.Popen([sys.executable, "-m", "bench.raw_broadcast", str(port)],
                            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


async def measure(port: int, tabs: int, events: int, size: int) -> tuple[list[float], int]:
    """Connect `tabs` listeners, broadcast `events` frames of `size` chars; (ms samples, missed)."""
    from websockets.asyncio.client import connect

    url = f"ws://127.0.0.1:{port}/"
    waiting: list[set[str]] = [set() for _ in range(tabs)]
    arrivals: list[dict[str, float]] = [{} for _ in range(tabs)]
    ready = [asyncio.Event() for _ in range(tabs)]

    async def listener(i: int) -> None:
        async with connect(url, max_size=None, open_timeout=60, compression=None) as ws:
            ready[i].set()
            async for frame in ws:
                now = time.perf_counter()
                for marker in list(waiting[i]):
                    if marker in frame[:80]:
                        arrivals[i][marker] = now
                        waiting[i].discard(marker)

    deadline = time.time() + 30
    while True:  # the server process may still be starting
        try:
            async with connect(url, open_timeout=2):
                break
        except OSError:
            if time.time() > deadline:
                raise
            await asyncio.sleep(0.1)
    tasks = []
    for i in range(tabs):
        tasks.append(asyncio.create_task(listener(i)))
        if i % 20 == 19:
            await asyncio.sleep(0.05)
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in ready)), timeout=60)
    samples: list[float] = []
    missed = 0
    async with connect(url, max_size=None, compression=None) as control:
        await control.send("go warmup 16")  # leaves the listener set
        await asyncio.sleep(0.3)
        for n in range(events + 2):
            marker = f"ev{n:05d}"
            for w in waiting:
                w.add(marker)
            sent = time.perf_counter()
            await control.send(f"go {marker} {size}")
            end = time.perf_counter() + 10
            while any(marker in w for w in waiting) and time.perf_counter() < end:
                await asyncio.sleep(0.005)
            if n >= 2:
                for a in arrivals:
                    if marker in a:
                        samples.append((a[marker] - sent) * 1000)
                    else:
                        missed += 1
            await asyncio.sleep(0.2)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return samples, missed


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1])))
