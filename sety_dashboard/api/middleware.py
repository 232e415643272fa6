"""X-Request-Id and X-RateLimit-* on every response, and the 500 body.

Unexpected exceptions are turned into the API's error body here, inside
this middleware, so that a 500 carries its X-Request-Id like any answer
(Starlette's own last-resort handler sits outside every middleware).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sety_dashboard.core.ids import new_id

log = logging.getLogger(__name__)


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        request_id = new_id("req")
        state["request_id"] = request_id

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                verdict = state.get("ratelimit")
                if verdict is not None:
                    headers += [
                        (b"x-ratelimit-limit", str(verdict.limit).encode()),
                        (b"x-ratelimit-remaining", str(verdict.remaining).encode()),
                        (b"x-ratelimit-reset", str(verdict.reset_at).encode()),
                    ]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s %s [%s]", scope.get("method"), scope.get("path"),
                          request_id)
            if started:
                raise
            body = json.dumps({"error": {
                "code": "internal_error",
                "message": "something went wrong on our side; quote the request id to support",
                "details": [], "request_id": request_id}}).encode()
            await send_with_headers({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode())]})
            await send_with_headers({"type": "http.response.body", "body": body})
