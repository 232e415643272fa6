"""The one error body of the API, for every failure."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sety_dashboard.domain.errors import DomainError, RateLimited

_HTTP_CODES = {400: "invalid_json", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 422: "validation_error",
               429: "rate_limited", 503: "unavailable"}
# pydantic error types that mean "the body is not a JSON object at all"
_NOT_AN_OBJECT = {"json_invalid", "model_attributes_type", "dict_type", "model_type"}


def error_body(request: Request | None, code: str, message: str,
               details: Any = None) -> dict[str, Any]:
    rid = getattr(request.state, "request_id", None) if request is not None else None
    return {"error": {"code": code, "message": message,
                      "details": details if details is not None else [], "request_id": rid}}


def error_response(request: Request | None, status: int, code: str, message: str,
                   details: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(request, code, message, details), status_code=status,
                        headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts)


def _clean(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix):]
    return msg


def _issue(err: dict[str, Any]) -> str:
    kind = err.get("type", "invalid")
    return {"extra_forbidden": "unknown_field", "missing": "required",
            "greater_than_equal": "out_of_range", "less_than_equal": "out_of_range",
            "greater_than": "out_of_range", "less_than": "out_of_range",
            "string_too_long": "too_long", "too_long": "too_long",
            "string_too_short": "too_short", "too_short": "too_short",
            "literal_error": "invalid_choice", "enum": "invalid_choice",
            "value_error": "invalid"}.get(kind, kind)


def validation_response(request: Request, errors: list[dict[str, Any]]) -> JSONResponse:
    body_errors = [e for e in errors if tuple(e.get("loc", ()))[:1] == ("body",)]
    for e in body_errors:
        if e.get("type") == "json_invalid":
            reason = e.get("ctx", {}).get("error", "decode error")
            return error_response(request, 400, "invalid_json",
                                  f"the request body is not valid JSON ({reason})")
        if e.get("type") in _NOT_AN_OBJECT and len(e.get("loc", ())) <= 1:
            return error_response(request, 400, "invalid_json",
                                  "the request body must be a JSON object")
        if e.get("type") == "missing" and tuple(e.get("loc", ())) == ("body",):
            return error_response(request, 400, "invalid_json",
                                  "the request body must be a JSON object")
    details = []
    messages = []
    for e in errors:
        field = _field(tuple(e.get("loc", ())))
        issue = _issue(e)
        msg = _clean(str(e.get("msg", "invalid")))
        if issue == "unknown_field":
            msg = "unknown field"
        details.append({"field": field, "issue": issue})
        messages.append(f"{field}: {msg}" if field else msg)
    return error_response(request, 422, "validation_error", "; ".join(messages), details)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        if isinstance(exc, RateLimited):
            headers = {"Retry-After": str(exc.retry_after)}
        return error_response(request, exc.status, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_response(request, list(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code
        return error_response(request, exc.status_code, code, message,
                              headers=getattr(exc, "headers", None))
