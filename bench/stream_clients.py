"""Lean WebSocket subscribers for bench/stream_bench.py.

A `websockets` client costs tens of microseconds of Python per frame; at
100 subscribers × 1,000 events/s (100,000 frames/s) the clients alone would
take more than this machine's two cores, and the bench would measure itself.
These subscribers do the opening handshake by hand and then only split the
byte stream into frames (server frames are unmasked: a 2–10 byte header and
the payload) and read each event's `seq` from its first bytes. Every frame
that arrived in one read shares that read's receive time.

Each client process runs many subscribers on one asyncio loop; results go
back to the bench as {seq: receive time} per subscriber.
"""

from __future__ import annotations

import asyncio
import base64
import os
import struct
import time
from typing import Any
from urllib.parse import urlsplit

_SEQ = b'"seq":'


class _Subscriber(asyncio.Protocol):
    def __init__(self, final_seq: Any, done: asyncio.Future[None]) -> None:
        self.final_seq = final_seq
        self.done = done
        self.buf = bytearray()
        self.upgraded = False
        self.got: dict[int, float] = {}
        self.last = 0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        now = time.time()
        buf = self.buf
        buf += data
        if not self.upgraded:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buf.startswith(b"HTTP/1.1 101"):
                self._finish(RuntimeError(bytes(buf[:200]).decode(errors="replace")))
                return
            del buf[:end + 4]
            self.upgraded = True
            self.opened.set_result(None)
        pos, size = 0, len(buf)
        while size - pos >= 2:
            opcode, n = buf[pos] & 0x0F, buf[pos + 1] & 0x7F
            head = 2
            if n == 126:
                if size - pos < 4:
                    break
                n, head = struct.unpack_from("!H", buf, pos + 2)[0], 4
            elif n == 127:
                if size - pos < 10:
                    break
                n, head = struct.unpack_from("!Q", buf, pos + 2)[0], 10
            if size - pos < head + n:
                break
            start = pos + head
            if opcode == 1:
                i = buf.find(_SEQ, start, start + 80)
                if i >= 0 and buf[start + 2] != 116:  # not {"type":"heartbeat",...}
                    i += 6
                    j = buf.find(b",", i, i + 24)
                    seq = int(buf[i:j])
                    self.got[seq] = now
                    if seq > self.last:
                        self.last = seq
            elif opcode == 9:  # ping: answer with an (empty, masked) pong
                assert self.transport is not None
                self.transport.write(b"\x8a\x80" + os.urandom(4))
            elif opcode == 8:
                close = bytes(buf[start:start + n])
                self._finish(RuntimeError(f"closed by the server: {close[:2].hex()} {close[2:]!r}"))
                return
            pos = start + n
        del buf[:pos]
        if 0 < self.final_seq.value <= self.last:
            self._finish(None)

    def connection_lost(self, exc: Exception | None) -> None:
        self._finish(exc or RuntimeError("connection lost"))

    def _finish(self, exc: Exception | None) -> None:
        if not self.done.done():
            if exc is None:
                self.done.set_result(None)
            else:
                self.done.set_exception(exc)
        if self.transport is not None:
            self.transport.close()


async def _subscribe(url: str, final_seq: Any) -> _Subscriber:
    parts = urlsplit(url)
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    sub = _Subscriber(final_seq, done)
    sub.opened = loop.create_future()  # type: ignore[attr-defined]
    transport, _ = await loop.create_connection(lambda: sub, parts.hostname, parts.port)
    key = base64.b64encode(os.urandom(16)).decode()
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    transport.write((f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                     f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    await sub.opened  # type: ignore[attr-defined]
    return sub


async def _run(url: str, count: int, connected: Any, final_seq: Any, out: Any) -> None:
    subs = []
    for _ in range(count):
        subs.append(await _subscribe(url, final_seq))
        with connected.get_lock():
            connected.value += 1
    while True:  # final_seq is set by the bench once everything is written
        await asyncio.sleep(0.2)
        for sub in subs:
            if 0 < final_seq.value <= sub.last and not sub.done.done():
                sub._finish(None)
        if all(sub.done.done() for sub in subs):
            break
    failed = [repr(sub.done.exception()) for sub in subs if sub.done.exception()]
    # Say what went wrong at once (the bench would otherwise wait for results).
    out.put({"errors": failed} if failed else [sub.got for sub in subs])


def client_process(url: str, count: int, connected: Any, final_seq: Any, out: Any) -> None:
    """The entry point of one client process (`count` subscribers)."""
    asyncio.run(_run(url, count, connected, final_seq, out))
