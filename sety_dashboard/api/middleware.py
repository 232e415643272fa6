"""X-Request-Id and X-RateLimit-* on every /v1 response."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sety_dashboard.core.ids import new_id


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

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
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

        await self.app(scope, receive, send_with_headers)
