"""Request plumbing shared by every route: who is calling, paging, time filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from sety_dashboard.core.ratelimit import get_limiter
from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import as_utc
from sety_dashboard.domain.actors import Actor, api_actor
from sety_dashboard.domain.errors import RateLimited
from sety_dashboard.domain.keys.models import ApiKey
from sety_dashboard.domain.keys.service import authenticate_secret, require_scope, touch_if_due


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


def require(scope: str) -> Callable[[Request], Caller]:
    """A dependency: the caller's key must be live, within budget, and hold `scope`."""

    def dependency(request: Request) -> Caller:
        key = authenticate_request(secret_from(request.headers))
        verdict = get_limiter().hit(key.id, get_settings().rate_limit_per_min)
        request.state.ratelimit = verdict
        if not verdict.allowed:
            raise RateLimited(
                f"rate limit of {verdict.limit} requests per minute reached; retry in "
                f"{verdict.retry_after} s", verdict.retry_after)
        require_scope(key, scope)
        return Caller(key=key, actor=api_actor(key.id, key.name))

    return dependency


@dataclass(frozen=True)
class PageParams:
    page: int
    limit: int


def page_params(page: Annotated[int, Query(ge=1, description="page number, from 1")] = 1,
                limit: Annotated[int, Query(ge=1, le=100, description="rows per page")] = 20,
                ) -> PageParams:
    return PageParams(page, limit)


Paging = Annotated[PageParams, Depends(page_params)]


def paginated(data: list[Any], total: int, p: PageParams) -> dict[str, Any]:
    pages = (total + p.limit - 1) // p.limit
    return {"data": data, "pagination": {"page": p.page, "limit": p.limit, "total": total,
                                         "total_pages": pages, "has_more": p.page < pages}}


def utc_or_none(dt: datetime | None) -> datetime | None:
    return as_utc(dt) if dt is not None else None


def csv_list(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [v.strip() for v in value.split(",") if v.strip()] or None
