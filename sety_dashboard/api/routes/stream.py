"""WebSocket /v1/stream: the event log, replayed and then live.

Close codes (also in docs/INTEGRATING.md):
- 4401 the key is missing, unknown, expired or revoked (checked again at
  every heartbeat, so revoking a key ends its streams);
- 4403 the key may read none of the requested types;
- 4422 a bad query (`types` names no known type, `after_seq` not an integer ≥ 0
  or beyond the last event);
- 4429 the key is over its request budget (connecting counts as a request);
- 4408 the client fell too far behind; the reason says `resume with after_seq=N`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse

from sety_dashboard.api.deps import authenticate_from, check_rate, secret_from
from sety_dashboard.api.errors import error_response
from sety_dashboard.api.responses import ErrorBody
from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session
from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.errors import DomainError, RateLimited
from sety_dashboard.domain.keys.models import ApiKey
from sety_dashboard.domain.keys.service import authenticate
from sety_dashboard.events.bus import get_bus
from sety_dashboard.events.feed import EventFeed, FellBehind, PositionAhead
from sety_dashboard.events.filters import parse_patterns, pattern_problem, readable_filter

log = logging.getLogger(__name__)
router = APIRouter(tags=["Events"])

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_FELL_BEHIND = 4408
CLOSE_INVALID = 4422
CLOSE_RATE_LIMITED = 4429
_WATCH_S = 0.2


class _Refused(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        # A close reason may hold at most 123 bytes.
        self.reason = reason.encode()[:123].decode(errors="ignore")


def _authenticate(ws: WebSocket) -> ApiKey:
    client = ws.client.host if ws.client else "unknown"
    try:
        key = authenticate_from(ws.headers, client, ws.query_params)
    except RateLimited as exc:
        raise _Refused(CLOSE_RATE_LIMITED, f"rate limited; retry in {exc.retry_after} s") from exc
    except DomainError as exc:
        raise _Refused(CLOSE_UNAUTHORIZED, exc.message) from exc
    try:
        check_rate(key.id, get_settings().rate_limit_per_min)
    except RateLimited as exc:
        raise _Refused(CLOSE_RATE_LIMITED, f"rate limited; retry in {exc.retry_after} s") from exc
    return key


def _after_seq(ws: WebSocket) -> int | None:
    raw = ws.query_params.get("after_seq")
    if raw is None or raw.strip() == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise _Refused(CLOSE_INVALID, "after_seq must be an integer >= 0")
    return value


def _key_still_live(secret: str | None) -> bool:
    try:
        with read_session() as session:
            authenticate(session, secret)
        return True
    except DomainError:
        return False


async def _open_feed(ws: WebSocket) -> EventFeed:
    key = await asyncio.to_thread(_authenticate, ws)
    patterns = parse_patterns(ws.query_params.get("types")) or ["*"]
    for p in patterns:
        if problem := pattern_problem(p):
            raise _Refused(CLOSE_INVALID, problem)
    event_filter, refused = readable_filter(patterns, key.scopes)
    if refused:
        raise _Refused(CLOSE_FORBIDDEN, f"this key may not read {', '.join(refused)}")
    settings = get_settings()
    feed = EventFeed(get_bus(), event_filter, _after_seq(ws), settings.stream_queue_max)
    try:
        await feed.start()
    except PositionAhead as exc:
        raise _Refused(CLOSE_INVALID, str(exc)) from exc
    return feed


@router.get("/stream", status_code=426, summary="Live event stream (WebSocket)",
            responses={426: {"model": ErrorBody, "description": "not a WebSocket upgrade"}})
def stream_over_http(request: Request) -> JSONResponse:
    """Open with a WebSocket upgrade: `GET /v1/stream?api_key=…&types=incident.*&after_seq=N`.

    Sends one event envelope per text frame, in `seq` order: with `after_seq`,
    every stored event after N first, then live events, with no gap and no
    duplicate; a `{"type": "heartbeat", "seq", "time"}` frame every 15 s.
    Close codes: 4401 bad key, 4403 types not readable with this key, 4408
    fell behind (resume with `after_seq`), 4422 bad query, 4429 rate limited.
    A plain HTTP request is answered 426. See docs/INTEGRATING.md.
    """
    return error_response(request, 426, "upgrade_required",
                          "/v1/stream is a WebSocket: connect with an Upgrade: websocket request",
                          headers={"Upgrade": "websocket", "Connection": "Upgrade"})


@router.websocket("/stream")
async def stream(ws: WebSocket) -> None:
    # Accept first: a close before the handshake would reach the client as a
    # plain HTTP 403, and the documented close codes would be lost.
    await ws.accept()
    try:
        feed = await _open_feed(ws)
    except _Refused as exc:
        await ws.close(code=exc.code, reason=exc.reason)
        return
    except Exception:  # e.g. the database is away: say so, the client retries
        log.exception("opening a stream failed")
        await _close(ws, 1011, "internal error; try again")
        return
    secret = secret_from(ws.headers, ws.query_params)
    position = _Position(feed.last_seq)
    tasks = [asyncio.create_task(_pump(ws, feed, secret, position)),
             asyncio.create_task(_until_client_leaves(ws)),
             asyncio.create_task(_watch(feed, position))]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        finished = done.pop()
        exc = None if finished.cancelled() else finished.exception()
        if isinstance(exc, FellBehind):
            await _close(ws, CLOSE_FELL_BEHIND,
                         f"too far behind; resume with after_seq={position.seq}")
        elif isinstance(exc, _Refused):
            await _close(ws, exc.code, exc.reason)
        elif exc is not None and not isinstance(exc, (WebSocketDisconnect, OSError)):
            log.error("stream failed", exc_info=exc)
            await _close(ws, 1011, "internal error; resume with after_seq")
    finally:
        for task in tasks:  # also when this handler itself is cancelled (shutdown)
            task.cancel()
        feed.close()


async def _close(ws: WebSocket, code: int, reason: str) -> None:
    with contextlib.suppress(Exception):
        await ws.close(code=code, reason=reason)


@dataclass
class _Position:
    """The seq up to which this client has been sent everything it asked for.

    It trails `feed.last_seq` while a batch is being sent, so that a client
    closed mid-batch is told to resume from what it really got.
    """

    seq: int


async def _pump(ws: WebSocket, feed: EventFeed, secret: str | None, position: _Position) -> None:
    interval = get_settings().stream_heartbeat_s
    next_beat = time.monotonic() + interval
    while True:
        batch = await feed.next(timeout=next_beat - time.monotonic())
        passed = feed.last_seq
        for envelope in batch:
            await ws.send(_event_message(envelope))
            position.seq = envelope["seq"]
        position.seq = passed
        if time.monotonic() >= next_beat:
            if not await asyncio.to_thread(_key_still_live, secret):
                raise _Refused(CLOSE_UNAUTHORIZED, "the API key is no longer valid")
            await ws.send_text(_encode({"type": "heartbeat", "seq": position.seq,
                                        "time": iso(clock.now())}))
            next_beat = time.monotonic() + interval


async def _until_client_leaves(ws: WebSocket) -> None:
    """Read (and ignore) what the client sends; return when it disconnects."""
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return


async def _watch(feed: EventFeed, position: _Position) -> None:
    """Notice a reader left behind even while a send to it is blocked."""
    while not feed.fell_behind:
        await asyncio.sleep(_WATCH_S)
    raise FellBehind(position.seq)


def _encode(envelope: dict[str, Any]) -> str:
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)


_encoded: OrderedDict[str, dict[str, str]] = OrderedDict()
_ENCODED_MAX = 4096


def _event_message(envelope: dict[str, Any]) -> dict[str, str]:
    """The ASGI message sending an event, built once for all subscribers.

    Events never change once written, and the server only reads the message:
    every subscriber's send gets the same dict with the same encoded text.
    """
    message = _encoded.get(envelope["id"])
    if message is None:
        message = {"type": "websocket.send", "text": _encode(envelope)}
        _encoded[envelope["id"]] = message
        if len(_encoded) > _ENCODED_MAX:
            _encoded.popitem(last=False)
    return message
