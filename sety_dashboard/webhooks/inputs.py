"""What callers send to manage webhook endpoints."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from sety_dashboard.domain.common import StrictModel, Text
from sety_dashboard.events.filters import MAX_PATTERNS, parse_patterns, pattern_problem
from sety_dashboard.events.log import EVENT_TYPES
from sety_dashboard.webhooks.urlguard import UnsafeUrl, parse_url

URL_MAX = 2048


def _check_events(value: list[str]) -> list[str]:
    patterns = parse_patterns(value)
    if not patterns:
        raise ValueError("events must name at least one event type, or [\"*\"]")
    problems = [p for p in (pattern_problem(x) for x in patterns) if p]
    if problems:
        raise ValueError("; ".join(problems))
    return patterns


def _check_url(value: str) -> str:
    try:
        parse_url(value)
    except UnsafeUrl as exc:
        raise ValueError(str(exc)) from exc
    return value


# For the OpenAPI schema: every known type and family wildcard (the server
# also takes any other pattern that matches a known type, e.g. `incident.re*`).
_EVENT_CHOICES = ["*", *sorted({t.split(".")[0] + ".*" for t in EVENT_TYPES if "." in t}),
                  *EVENT_TYPES]
EventPattern = Annotated[str, Field(json_schema_extra={"enum": _EVENT_CHOICES})]
URL_PATTERN = r"^https?://[^\s/?#@\x00]+[^\x00]*$"


class CreateWebhookRequest(StrictModel):
    url: str = Field(max_length=URL_MAX, json_schema_extra={"pattern": URL_PATTERN})
    events: list[EventPattern] = Field(min_length=1, max_length=MAX_PATTERNS)
    description: Text = None

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _check_url(v)

    @field_validator("events")
    @classmethod
    def _events(cls, v: list[str]) -> list[str]:
        return _check_events(v)


class UpdateWebhookRequest(StrictModel):
    """PATCH: only the fields sent change. `status: active` re-enables an endpoint."""

    # None means "not sent": url, events and status cannot be set to null.
    url: str = Field(default=None, max_length=URL_MAX,  # type: ignore[assignment]
                     json_schema_extra={"pattern": URL_PATTERN})
    events: list[EventPattern] = Field(default=None, min_length=1,  # type: ignore[assignment]
                                       max_length=MAX_PATTERNS)
    description: Text = None
    status: Literal["active", "disabled"] = None  # type: ignore[assignment]

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        return None if v is None else _check_url(v)

    @field_validator("events")
    @classmethod
    def _events(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _check_events(v)
