"""Request plumbing shared by every route: who is calling, paging, time filters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from sety_dashboard.core.ratelimit import get_limiter
from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import as_utc
from sety_dashboard.domain.actors import Actor, api_actor
from sety_dashboard.domain.common import QueryFlag, Timestamp, choices_pattern, pick_choices
from sety_dashboard.domain.errors import RateLimited, Unauthorized
from sety_dashboard.domain.keys.models import ApiKey
from sety_dashboard.domain.keys.service import (
    authenticate_secret,
    cached_live_key,
    require_scope,
    touch_if_due,
)


@dataclass(frozen=True)
class Caller:
    key: ApiKey
    actor: Actor


def secret_from(request_headers: Any, query_params: Any | None = None) -> str | None:
    auth = request_headers.get("authorization")
    if auth and auth.lower().startswith("bearer "):
        return auth[7:].strip()
    if request_headers.get("x-api-key"):
        return request_headers.get("x-api-key").strip()
    if query_params is not None and query_params.get("api_key"):
        return query_params.get("api_key")
    return None


def authenticate_request(secret: str | None) -> ApiKey:
    """The caller's live key (cached per process, see domain/keys/cache.py);
    its use is noted at most every 30 s."""
    key = authenticate_secret(secret)
    touch_if_due(key)
    return key


# Failed key checks allowed per client address and minute, before 429: a
# guesser gets a handful of tries, a misconfigured client a clear answer.
BAD_KEYS_PER_MIN = 30


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def check_rate(bucket: str, limit: int, request: Request | None = None) -> None:
    """Count one request against `bucket`; RateLimited when over `limit` a minute.

    The one rate-limit check of the API (routes and the stream alike)."""
    verdict = get_limiter().hit(bucket, limit)
    if request is not None:
        request.state.ratelimit = verdict
    if not verdict.allowed:
        raise RateLimited(
            f"rate limit of {verdict.limit} requests per minute reached; retry in "
            f"{verdict.retry_after} s", verdict.retry_after)


def authenticate_from(headers: Any, client: str, query_params: Any | None = None) -> ApiKey:
    """The caller's live key; a client address that keeps presenting bad keys
    is answered 429 instead of 401 once over BAD_KEYS_PER_MIN."""
    try:
        return authenticate_request(secret_from(headers, query_params))
    except Unauthorized:
        check_rate(f"badkey:{client}", BAD_KEYS_PER_MIN)
        raise


def require(scope: str, *also: str) -> Callable[[Request], Awaitable[Caller]]:
    """A dependency: the caller's key must be live, within budget, and hold
    `scope` (and every scope in `also`).

    Async, so that the usual request (its key already cached, its budget
    counted in memory) is checked on the event loop without a trip through
    the thread pool (each trip a queue, a wake-up and a hand-back: measured
    in docs/PERFORMANCE.md). Whatever may wait on the database or Redis
    (a key not yet cached, its last-use note, a shared counter) runs in the
    thread pool as before, with the same rules."""
    needed = (scope, *also)

    def admit(key: ApiKey, request: Request) -> Caller:
        check_rate(key.id, get_settings().rate_limit_per_min, request)
        for name in needed:
            require_scope(key, name)
        return Caller(key=key, actor=api_actor(key.id, key.name))

    def admit_after_lookup(request: Request) -> Caller:
        return admit(authenticate_from(request.headers, client_address(request)), request)

    async def dependency(request: Request) -> Caller:
        key = cached_live_key(secret_from(request.headers)) if get_limiter().local else None
        if key is None:
            return await run_in_threadpool(admit_after_lookup, request)
        return admit(key, request)

    return dependency


@dataclass(frozen=True)
class PageParams:
    page: int
    limit: int


# Beyond this a page is certainly empty; the cap keeps the row offset far from
# 64-bit overflow in every database.
MAX_PAGE = 1_000_000


def page_params(page: Annotated[int, Query(ge=1, le=MAX_PAGE,
                                           description="page number, from 1")] = 1,
                limit: Annotated[int, Query(ge=1, le=100, description="rows per page")] = 20,
                ) -> PageParams:
    return PageParams(page, limit)


Paging = Annotated[PageParams, Depends(page_params)]


def paginated(data: list[Any], total: int, p: PageParams) -> dict[str, Any]:
    pages = (total + p.limit - 1) // p.limit
    return {"data": data, "pagination": {"page": p.page, "limit": p.limit, "total": total,
                                         "total_pages": pages, "has_more": p.page < pages}}


def page_answer(found: tuple[Sequence[Any], int], p: PageParams,
                view: Callable[[Any], Any]) -> dict[str, Any]:
    """A list route's answer from a service's (rows, total): each row as its
    read model, and the pagination block of API.md."""
    rows, total = found
    return paginated([view(r) for r in rows], total, p)


# Query parameters with the API's input rules (domain/common): ISO-8601 instants
# in 1970–2999, strict true/false.
QTime = Annotated[Timestamp | None, Query()]
QFlag = Annotated[QueryFlag | None, Query()]


def choices(allowed: tuple[str, ...] | list[str], what: str = "values") -> Any:
    """A comma-separated enum filter; the schema states its pattern, `pick_choices` checks it."""
    return Query(description=f"comma-separated {what}: {', '.join(allowed)}",
                 json_schema_extra={"pattern": choices_pattern(allowed)})


def picked(raw: str | None, allowed: tuple[str, ...] | list[str], field: str) -> list[str] | None:
    return pick_choices(raw, allowed, field)


def utc_or_none(dt: datetime | None) -> datetime | None:
    return as_utc(dt) if dt is not None else None


def csv_list(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [v.strip() for v in value.split(",") if v.strip()] or None
