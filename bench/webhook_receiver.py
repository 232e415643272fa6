"""The webhook receiver of bench/stream_bench.py, in its own process.

A small asyncio HTTP/1.1 server (keep-alive, Content-Length bodies) that
notes when each (path, seq) first arrived and answers `200 ok` at once: far
more than 500 requests/s on one core, so a webhook row measures the sender,
not the receiver (the bench's "receiver alone" row says how much more).

    python bench/webhook_receiver.py PORT

`GET /count` answers how many (path, seq) pairs arrived, `GET /results`
answers them as {"path seq": receive time}, `POST /reset` forgets them.
`drive(port, requests, connections, body)` is the load for the
receiver-alone row: the same POST over keep-alive connections, as fast as
answered.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

_SEQ = b'"seq":'
_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


def _reply(body: bytes, content_type: bytes = b"application/json") -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type
            + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


class _Receiver(asyncio.Protocol):
    got: dict[str, float] = {}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.pending = bytearray()  # bytes of requests not complete yet

    def data_received(self, data: bytes) -> None:
        now, out = time.time(), []
        buf = self.pending
        buf.extend(data)
        while True:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                break
            head = bytes(buf[:end]).lower()
            i = head.find(b"content-length:")
            length = int(head[i + 15:head.find(b"\r\n", i) if head.find(b"\r\n", i) > 0 else None]) \
                if i >= 0 else 0
            if len(buf) < end + 4 + length:
                break
            method, path = head.split(b" ", 2)[:2]
            body = bytes(buf[end + 4:end + 4 + length])
            del buf[:end + 4 + length]
            out.append(self._answer(method, path.decode(), body, now))
        if out:
            self.transport.write(b"".join(out))

    def _answer(self, method: bytes, path: str, body: bytes, now: float) -> bytes:
        got = _Receiver.got
        if method == b"get" and path == "/count":
            return _reply(str(len(got)).encode())
        if method == b"get" and path == "/results":
            return _reply(json.dumps(got).encode())
        if path == "/reset":
            got.clear()
            return _OK
        i = body.find(_SEQ, 0, 120)
        if i >= 0:
            i += 6
            key = f"{path} {int(body[i:body.find(b',', i)])}"
            got.setdefault(key, now)
        return _OK


async def _serve(port: int) -> None:
    server = await asyncio.get_running_loop().create_server(_Receiver, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


async def _drive(port: int, requests: int, connections: int,
                 body: bytes) -> tuple[float, list[float]]:
    """POST `requests` requests over `connections` keep-alive connections.

    Returns the seconds taken and each request's round trip.
    """
    left, trips = [requests], []

    async def one(n: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while left[0] > 0:
            left[0] -= 1
            request = (f"POST /alone/{n} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                       f"application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
            sent = time.perf_counter()
            writer.write(request)
            await reader.readuntil(b"\r\n\r\n")
            await reader.readexactly(2)
            trips.append(time.perf_counter() - sent)
        writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(connections)))
    return time.perf_counter() - t0, trips


def drive(port: int, requests: int, connections: int, body: bytes) -> tuple[float, list[float]]:
    return asyncio.run(_drive(port, requests, connections, body))


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1])))
