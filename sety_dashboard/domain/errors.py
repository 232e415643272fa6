"""Errors the domain raises; the API maps each to its status and code."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal: the API answers `status` with `code` (API.md's error body),
    the dashboard shows the message. A kind states both in its class line:
    `class NotFound(DomainError, status=404, code="not_found")`."""

    status = 400
    code = "bad_request"

    def __init_subclass__(cls, *, status: int | None = None, code: str | None = None,
                          **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if status is not None:
            cls.status = status
        if code is not None:
            cls.code = code

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError, status=404, code="not_found"):
    pass


class ValidationFailed(DomainError, status=422, code="validation_error"):
    def __init__(self, message: str, field: str | None = None, issue: str = "invalid") -> None:
        details = [{"field": field, "issue": issue}] if field else []
        super().__init__(message, details)


class InvalidTransition(DomainError, status=409, code="invalid_transition"):
    pass


class AlreadyDone(InvalidTransition):
    """Someone else already did it (e.g. a colleague acknowledged first): the
    same 409 for the API; the dashboard shows it as information, not an error."""


class IdempotencyConflict(DomainError, status=409, code="idempotency_conflict"):
    pass


class AlreadyCheckedOut(DomainError, status=409, code="already_checked_out"):
    pass


class AccessDenied(DomainError, status=403, code="access_denied"):
    pass


class Forbidden(DomainError, status=403, code="forbidden"):
    pass


class Unauthorized(DomainError, status=401, code="unauthorized"):
    pass


class RateLimited(DomainError, status=429, code="rate_limited"):
    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
