"""The API's front door: what is refused before any route, key or parser runs.

- bodies over 1 MiB → 413 `payload_too_large`, judged from Content-Length or
  while the body streams in, before the body is parsed and before the key
  is looked up (a 50 MB body sent without a key costs us 1 MiB at most);
- paths with control characters (an id holding `%0A`) → 404, NUL in any
  query value → 422: the one place these input rules live for the query
  and path (bodies are checked by `domain.common.StrictModel`);
- methods no route knows (`TRACE`, `QUERY`) → 405 with `Allow`;
- `HEAD` is answered as `GET` without its body, `OPTIONS` with the methods
  the path really has.

Every answer here is the API's error body; the request-id middleware sits
outside this one, so X-Request-Id is on all of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sety_dashboard.api.middleware import RequestContextMiddleware

MAX_BODY_BYTES = 1024 * 1024
_KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
_BODYLESS = {"GET", "HEAD", "OPTIONS"}


def has_control_chars(text: str) -> bool:
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def nul_query_field(query_string: bytes) -> str | None:
    """The name of the first query parameter holding a NUL, if any."""
    if b"%00" not in query_string and b"\x00" not in query_string:
        return None
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "") or "query"
    return None


class EdgeGuard:
    """ASGI middleware for the /v1 API (see the module docstring)."""

    def __init__(self, app: ASGIApp, allowed_methods: Callable[[str], set[str]],
                 prefix: str = "/v1") -> None:
        self.app = app
        self.allowed_methods = allowed_methods
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _under(scope.get("path", ""), self.prefix):
            await self.app(scope, receive, send)
            return
        method = scope["method"].upper()
        path: str = scope["path"]
        if has_control_chars(path):
            await _answer(scope, send, 404, "not_found", "no such path (it holds control characters)")
            return
        if method not in _KNOWN_METHODS:
            allowed = _with_implied(self.allowed_methods(path))
            if not allowed:
                await _answer(scope, send, 404, "not_found", f"no such path: {path}")
                return
            await _answer(scope, send, 405, "method_not_allowed",
                          f"{method} is not allowed on {path}; allowed: {', '.join(sorted(allowed))}",
                          headers={"allow": ", ".join(sorted(allowed))})
            return
        too_big = _declared_too_big(scope)
        if too_big is not None:
            await _answer(scope, send, 413, "payload_too_large", too_big)
            return
        field = nul_query_field(scope.get("query_string", b""))
        if field is not None:
            await _answer(scope, send, 422, "validation_error",
                          f"{field}: must not contain NUL characters",
                          details=[{"field": field, "issue": "invalid"}])
            return
        if method == "OPTIONS":
            allowed = _with_implied(self.allowed_methods(path))
            if not allowed:
                await _answer(scope, send, 404, "not_found", f"no such path: {path}")
                return
            await _empty(send, 204, {"allow": ", ".join(sorted(allowed))})
            return
        if method not in _BODYLESS:
            body = await _read_capped(receive)
            if body is None:
                await _answer(scope, send, 413, "payload_too_large", _limit_message())
                return
            receive = _replay(body, receive)
        if method == "HEAD":
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        await self.app(scope, receive, send)


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def _with_implied(methods: set[str]) -> set[str]:
    if not methods:
        return set()
    out = set(methods) | {"OPTIONS"}
    if "GET" in out:
        out.add("HEAD")
    return out


def _limit_message() -> str:
    return f"the request body is larger than {MAX_BODY_BYTES} bytes (1 MiB)"


def _declared_too_big(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                size = int(value)
            except ValueError:
                return None  # the server refuses a malformed length itself
            if size > MAX_BODY_BYTES:
                return _limit_message()
    return None


async def _read_capped(receive: Receive) -> bytes | None:
    """The whole body, or None as soon as it passes the limit (chunked bodies)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client left; the app sees an empty body and the next receive
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return send_head


async def _answer(scope: Scope, send: Send, status: int, code: str, message: str,
                  details: list[Any] | None = None, headers: dict[str, str] | None = None) -> None:
    rid = scope.get("state", {}).get("request_id")
    body = b"" if scope["method"].upper() == "HEAD" else json.dumps({"error": {
        "code": code, "message": message, "details": details or [], "request_id": rid}}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    if status == 413:
        raw.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _empty(send: Send, status: int, headers: dict[str, str]) -> None:
    raw = [(k.encode(), v.encode()) for k, v in headers.items()] + [(b"content-length", b"0")]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": b""})


def whole_app_path_guard(app: ASGIApp, prefix: str = "/v1") -> ASGIApp:
    """Wraps the whole backend (Reflex included): a /v1 path holding a control
    character gets the API's 404 body with X-Request-Id.

    Needed outside EdgeGuard because Reflex's own top-level mount does not
    match a path holding a newline (`%0A`), so such a request never reaches
    the API app and would get a bare text/plain 404."""
    async def refuse(scope: Scope, receive: Receive, send: Send) -> None:
        await _answer(scope, send, 404, "not_found", "no such path (it holds control characters)")

    refusal = RequestContextMiddleware(refuse)

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and _under(path, prefix) and has_control_chars(path):
            await refusal(scope, receive, send)
            return
        await app(scope, receive, send)

    return guarded
