"""Response models: what /docs shows and what every answer is checked against.

An entity's shape is its domain read model (a TypedDict, e.g.
`domain/incidents/read_model.IncidentView`), named here as the response
model as it is: the API does not restate it.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from sety_dashboard.domain.keys.read_model import ApiKeyView
from sety_dashboard.webhooks.read_model import WebhookEndpointView

T = TypeVar("T")


class Pagination(BaseModel):
    page: int
    limit: int
    total: int
    total_pages: int
    has_more: bool


class Page(BaseModel, Generic[T]):
    data: list[T]
    pagination: Pagination


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: Any = None
    request_id: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class DutyOut(BaseModel):
    guard: str  # advisory_lock | leases | none
    started: bool
    holds: bool


class Health(BaseModel):
    status: str
    version: str
    database: str
    time: str
    node: str
    worker_pid: int
    duties: dict[str, DutyOut]


class Readiness(BaseModel):
    status: str  # ready | not_ready
    node: str
    database: str
    waiting_for: list[str]


class IncidentAnalyticsOut(BaseModel):
    total: int
    open: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_severity: dict[str, int]
    by_hour: list[int]
    mean_time_to_acknowledge_s: float | None
    p90_time_to_acknowledge_s: float | None
    mean_time_to_resolve_s: float | None
    sla_breach_rate: float
    drills: int


class SlaPolicyOut(BaseModel):
    severity: str
    acknowledge_s: int
    dispatch_s: int
    resolve_s: int
    updated_at: str | None


class SlaPolicyList(BaseModel):
    data: list[SlaPolicyOut]


class ApiKeyCreated(ApiKeyView):
    secret: str  # shown this once


class WebhookEndpointCreated(WebhookEndpointView):
    secret: str  # shown this once


class WebhookEndpointDeleted(WebhookEndpointView):
    deleted: bool


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (400, 401, 403, 404, 409, 422, 429)
}
