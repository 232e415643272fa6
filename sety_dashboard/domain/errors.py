"""Errors the domain raises; the API maps each to its status and code."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    status, code = 404, "not_found"


class ValidationFailed(DomainError):
    status, code = 422, "validation_error"

    def __init__(self, message: str, field: str | None = None, issue: str = "invalid") -> None:
        details = [{"field": field, "issue": issue}] if field else []
        super().__init__(message, details)


class InvalidTransition(DomainError):
    status, code = 409, "invalid_transition"


class AlreadyDone(InvalidTransition):
    """Someone else already did it (e.g. a colleague acknowledged first): the
    same 409 for the API; the dashboard shows it as information, not an error."""


class IdempotencyConflict(DomainError):
    status, code = 409, "idempotency_conflict"


class AlreadyCheckedOut(DomainError):
    status, code = 409, "already_checked_out"


class AccessDenied(DomainError):
    status, code = 403, "access_denied"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class RateLimited(DomainError):
    status, code = 429, "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
