"""The baseline for the stream rows of bench/stream_bench.py: a bare Granian broadcast.

What the stack beneath /v1/stream can move on this machine: a plain ASGI
app (no FastAPI, no database, no bus) served by the same Granian, one
worker, holding the same number of subscribers over the same lean clients.
Told `go <events> <rate> <bytes>` on its control socket, it makes frames of
the envelope's size and writes each to every subscriber (one task walking
all of them at once, the frame built once), then answers with each frame's
creation time, so latency is creation → receipt as for the app's
commit → receipt.

    python bench/stream_baseline.py PORT      # the server (run by the bench)
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from typing import Any

_subscribers: set[Any] = set()


async def _broadcast(events: int, rate: float, size: int) -> dict[int, float]:
    made: dict[int, float] = {}
    t0 = time.perf_counter()
    for seq in range(1, events + 1):
        head = f'{{"id":"evt_{seq:020d}","seq":{seq},"type":"incident.note_added","data":"'
        text = head + "x" * max(0, size - len(head) - 2) + '"}'
        made[seq] = time.time()
        message = {"type": "websocket.send", "text": text}
        # All subscribers' sends at once: awaiting Granian's send one socket
        # after another is four times slower (each await waits on its thread).
        await asyncio.gather(*(send(message) for send in _subscribers))
        if rate:
            ahead = seq / rate - (time.perf_counter() - t0)
            if ahead > 0:
                await asyncio.sleep(ahead)
    return made


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["type"] == "http":  # readiness probe
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
        return
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    control = scope["path"] == "/control"
    if not control:
        _subscribers.add(send)
    try:
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            if control and (message.get("text") or "").startswith("go "):
                _, events, rate, size = message["text"].split()
                made = await _broadcast(int(events), float(rate), int(size))
                await send({"type": "websocket.send", "text": json.dumps(made)})
    finally:
        _subscribers.discard(send)


if __name__ == "__main__":
    from granian.constants import Interfaces
    from granian.server import Server

    Server(target="bench.stream_baseline:app", address="127.0.0.1", port=int(sys.argv[1]),
           interface=Interfaces.ASGI, workers=int(os.environ.get("GRANIAN_WORKERS", "1")),
           log_enabled=False, websockets=True).serve()
