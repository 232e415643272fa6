"""The attempts' HTTP/1.1 client (webhooks/http1.py) against real sockets.

Each server here is a raw asyncio server answering exactly the bytes a
test gives, so the reading of lengths, chunks, interim answers and closes is
checked as a receiver would send them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sety_dashboard.webhooks.http1 import Pool, ProtocolError


async def _serve(answer: Callable[[int], bytes], close_after: bool = False):
    """A server answering the n-th request (over all connections) with answer(n)."""
    seen: list[tuple[int, bytes]] = []  # (connection number, request head)
    connections = [0]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections[0] += 1
        me = connections[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                                  if line.lower().startswith(b"content-length")))
                await reader.readexactly(length)
                seen.append((me, head))
                writer.write(answer(len(seen)))
                await writer.drain()
                if close_after:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], seen


def _run(coro):
    return asyncio.run(coro)


def test_keep_alive_reuses_one_connection_and_sends_host_of_the_url():
    async def go():
        server, port, seen = await _serve(lambda n: b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        pool = Pool(4, "Sety-Test")
        async with server:
            for _ in range(3):
                r = await pool.post(f"http://hooks.example.test:{port}/h?x=1", b"{}",
                                    {"Sety-Attempt": "1"}, connect_to="127.0.0.1", limit=100)
                assert (r.status, r.body) == (200, b"ok")
            await pool.aclose()
        assert [c for c, _ in seen] == [1, 1, 1]  # one connection for all three
        head = seen[0][1].decode()
        assert head.startswith("POST /h?x=1 HTTP/1.1\r\n")
        assert f"Host: hooks.example.test:{port}\r\n" in head and "Sety-Attempt: 1\r\n" in head
    _run(go())


def test_chunked_and_interim_answers_and_body_limit():
    answers = {
        1: b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
        2: b"HTTP/1.1 503 Busy\r\nContent-Length: 10\r\n\r\n0123456789",
    }

    async def go():
        server, port, seen = await _serve(lambda n: answers[n])
        pool = Pool(4, "Sety-Test")
        async with server:
            r = await pool.post(f"http://127.0.0.1:{port}/", b"{}", {}, limit=100)
            assert (r.status, r.body) == (201, b"abcde")
            r = await pool.post(f"http://127.0.0.1:{port}/", b"{}", {}, limit=4)
            assert (r.status, r.body) == (503, b"0123")  # only the first bytes are read
            await pool.aclose()
        assert [c for c, _ in seen] == [1, 1]  # the chunked answer was read to its end
    _run(go())


def test_a_connection_closed_by_the_server_is_not_reused():
    async def go():
        server, port, seen = await _serve(
            lambda n: b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            close_after=True)
        pool = Pool(4, "Sety-Test")
        async with server:
            for _ in range(2):
                assert (await pool.post(f"http://127.0.0.1:{port}/", b"x", {}, limit=10)).status == 200
            await pool.aclose()
        assert [c for c, _ in seen] == [1, 2]
    _run(go())


def test_garbage_is_a_protocol_error_and_a_bad_path_is_refused():
    async def go():
        server, port, _ = await _serve(lambda n: b"SSH-2.0-OpenSSH\r\n\r\n")
        pool = Pool(4, "Sety-Test")
        async with server:
            for url in (f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/a b"):
                try:
                    await pool.post(url, b"{}", {}, limit=10)
                except ProtocolError:
                    continue
                raise AssertionError(f"{url} was accepted")
            await pool.aclose()
    _run(go())
