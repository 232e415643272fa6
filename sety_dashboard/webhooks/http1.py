"""A small HTTP/1.1 client for webhook attempts: one POST, keep-alive connections reused.

Why not httpx: its per-request machinery (request/response models, the
connection pool's state machine, h11) cost ~2–3 ms of CPU per attempt here,
most of a delivery's cost. An attempt needs little of it: POST a body,
read a status line, headers and at most `limit` bytes of the body, then
keep the connection for the next attempt to the same place if the
exchange ended cleanly. HTTP/1.1 only; no proxies (none from the
environment either: a proxy would bypass the address checks of
urlguard.py); redirects are never followed (the caller reports them).

Connections are pooled per (scheme, connect address, port, TLS name): the
worker already bounds how many attempts run at once per endpoint
(`SETY_WEBHOOK_PER_ENDPOINT`) and in all (`SETY_WEBHOOK_CONCURRENCY`), so
no more connections than that are open, and at most `max_idle` are kept
idle per place (a place may serve several endpoints of one receiver).
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

_MAX_HEAD = 64 * 1024  # bytes of status line + headers


class ProtocolError(Exception):
    """The peer's answer is not HTTP/1.x as we read it."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names; a repeated header keeps its last value
    body: bytes  # at most the `limit` first bytes


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    def usable(self) -> bool:
        # A server that closed an idle connection has sent EOF by now.
        return not self.writer.is_closing() and not self.reader.at_eof()

    def close(self) -> None:
        self.writer.close()


_Place = tuple[str, str, int, str | None]


def _tls_context() -> ssl.SSLContext:
    try:
        import certifi  # the CA bundle httpx used, so the same receivers are trusted

        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:  # pragma: no cover - certifi comes with httpx
        return ssl.create_default_context()


class Pool:
    def __init__(self, max_idle: int, user_agent: str) -> None:
        self._max_idle = max_idle
        self._user_agent = user_agent
        self._idle: dict[_Place, list[_Connection]] = {}
        self._tls: ssl.SSLContext | None = None

    async def post(self, url: str, body: bytes, headers: dict[str, str], *,
                   connect_to: str | None = None, tls_name: str | None = None,
                   limit: int) -> Response:
        """POST `body` to `url`; `connect_to` is the address to dial (the host's, checked).

        The caller bounds the whole exchange with a timeout; a cancelled
        exchange's connection is closed, never reused.
        """
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname or ""
        port = parts.port or (443 if scheme == "https" else 80)
        place: _Place = (scheme, connect_to or host, port, (tls_name or host) if scheme == "https" else None)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if any(c <= " " or c == "\x7f" for c in target):
            raise ProtocolError("the URL's path holds spaces or control characters")
        lines = [f"POST {target} HTTP/1.1", f"Host: {parts.netloc.rpartition('@')[2]}",
                 f"User-Agent: {self._user_agent}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        reused = self._take_idle(place)
        if reused is not None:
            try:
                return await self._exchange(place, reused, request, limit)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass  # the server dropped the kept connection meanwhile: once more, on a new one
        return await self._exchange(place, await self._connect(place), request, limit)

    def _take_idle(self, place: _Place) -> _Connection | None:
        idle = self._idle.get(place)
        while idle:
            conn = idle.pop()
            if conn.usable():
                return conn
            conn.close()
        return None

    def _keep(self, place: _Place, conn: _Connection) -> None:
        idle = self._idle.setdefault(place, [])
        if len(idle) < self._max_idle:
            idle.append(conn)
        else:
            conn.close()

    async def _connect(self, place: _Place) -> _Connection:
        scheme, address, port, tls_name = place
        if scheme == "https":
            if self._tls is None:
                self._tls = _tls_context()
            reader, writer = await asyncio.open_connection(address, port, ssl=self._tls,
                                                           server_hostname=tls_name,
                                                           limit=_MAX_HEAD)
        else:
            reader, writer = await asyncio.open_connection(address, port, limit=_MAX_HEAD)
        return _Connection(reader, writer)

    async def _exchange(self, place: _Place, conn: _Connection, request: bytes,
                        limit: int) -> Response:
        reusable = False
        try:
            conn.writer.write(request)
            status, version, headers = await _read_head(conn.reader)
            while 100 <= status < 200:  # an interim answer (100 Continue): the real one follows
                status, version, headers = await _read_head(conn.reader)
            body, complete = await _read_body(conn.reader, headers, limit)
            reusable = complete and version == "HTTP/1.1" and \
                headers.get("connection", "").lower() != "close"
            return Response(status, headers, body)
        finally:
            # Also on cancellation (the deadline): a half-read answer must not
            # be read by the next attempt.
            if reusable:
                self._keep(place, conn)
            else:
                conn.close()

    async def aclose(self) -> None:
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, str, dict[str, str]]:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError as exc:
        raise ProtocolError("response headers too long") from exc
    status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or not code.isdigit():
        raise ProtocolError(f"not an HTTP/1.x status line: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return int(code), version, headers


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str],
                     limit: int) -> tuple[bytes, bool]:
    """At most `limit` bytes of the body, and whether all of it was read."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return await _read_chunked(reader, limit)
    if "content-length" in headers:
        try:
            length = int(headers["content-length"])
        except ValueError as exc:
            raise ProtocolError("bad Content-Length") from exc
        data = await reader.readexactly(min(length, limit))
        return data, length <= limit
    # Neither: the body runs until the server closes the connection.
    data = b""
    while len(data) < limit and (chunk := await reader.read(limit - len(data))):
        data += chunk
    return data, False


async def _read_chunked(reader: asyncio.StreamReader, limit: int) -> tuple[bytes, bool]:
    data = b""
    while True:
        size_line = await reader.readuntil(b"\r\n")
        try:
            size = int(size_line.split(b";", 1)[0].strip(), 16)
        except ValueError as exc:
            raise ProtocolError("bad chunk size") from exc
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers, if any
                pass
            return data, True
        if len(data) + size > limit:
            data += await reader.readexactly(limit - len(data))
            return data, False
        data += await reader.readexactly(size)
        await reader.readexactly(2)


async def close_quietly(pool: Pool) -> None:
    with contextlib.suppress(Exception):
        await pool.aclose()
