"""What callers send to the incident services (API bodies and UI forms alike)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import EmailStr, Field, field_validator

from sety_dashboard.domain.common import (
    METADATA_MAX_KEYS,
    METADATA_VALUE_MAX,
    NON_BLANK,
    Coordinates,
    Flag,
    Name,
    OptName,
    Phone,
    StrictModel,
    Text,
    check_metadata,
)
from sety_dashboard.domain.errors import ValidationFailed

Category = Literal["sos", "medical", "fire", "security", "harassment", "accident",
                   "suspicious_activity", "other"]
Severity = Literal["low", "medium", "high", "critical"]
Outcome = Literal["handled", "false_alarm", "referred", "no_action_needed", "unresolved"]
AssignmentStatus = Literal["assigned", "en_route", "on_scene", "released"]

CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
OUTCOMES: tuple[str, ...] = Outcome.__args__  # type: ignore[attr-defined]
STATUSES = ("created", "acknowledged", "dispatched", "on_scene", "resolved", "cancelled")


class SubjectIn(StrictModel):
    name: Name
    phone: Phone = None
    email: EmailStr | None = None
    reference: OptName = None
    metadata: dict[str, Any] | None = Field(default=None, json_schema_extra={
        "additionalProperties": {"type": "string", "maxLength": METADATA_VALUE_MAX},
        "maxProperties": METADATA_MAX_KEYS,
        "propertyNames": {"maxLength": METADATA_VALUE_MAX, "pattern": "^[^\\u0000]*$"}})

    @field_validator("metadata")
    @classmethod
    def _meta(cls, v: dict[str, Any] | None) -> dict[str, str] | None:
        return check_metadata(v)


class IncidentLocationIn(StrictModel):
    coordinates: Coordinates
    address: str | None = Field(default=None, max_length=500)
    landmark: str | None = Field(default=None, max_length=500)


class CreateIncidentRequest(StrictModel):
    category: Category
    location: IncidentLocationIn
    subject: SubjectIn
    severity: Severity | None = None
    title: OptName = None
    description: Text = None
    is_drill: Flag = False
    site: OptName = None
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=255,
                                        json_schema_extra={"pattern": NON_BLANK})


def with_idempotency_header(request: CreateIncidentRequest,
                            header: str | None) -> CreateIncidentRequest:
    """The request with the Idempotency-Key header applied: the header and the
    body's idempotency_key may both be given only if they are equal."""
    key = header.strip() if header else ""
    if not key:
        return request
    if request.idempotency_key and request.idempotency_key != key:
        raise ValidationFailed("the Idempotency-Key header and body idempotency_key differ",
                               "idempotency_key", "mismatch")
    return request.model_copy(update={"idempotency_key": key})


class AcknowledgeRequest(StrictModel):
    message: Text = None


class AssignRequest(StrictModel):
    responder_id: str = Field(min_length=1, max_length=40, json_schema_extra={"pattern": NON_BLANK})
    eta_s: int | None = Field(default=None, ge=0, le=7 * 24 * 3600)
    note: Text = None


class UpdateAssignmentRequest(StrictModel):
    status: AssignmentStatus
    eta_s: int | None = Field(default=None, ge=0, le=7 * 24 * 3600)
    note: Text = None


class NoteRequest(StrictModel):
    message: str = Field(min_length=1, max_length=5000, json_schema_extra={"pattern": NON_BLANK})
    author: OptName = None


class ResolveRequest(StrictModel):
    resolution_outcome: Outcome
    resolution_notes: Text = None


class CancelRequest(StrictModel):
    reason: Text = None


DEFAULT_SEVERITY = {
    "sos": "critical", "fire": "critical", "medical": "critical",
    "security": "high", "harassment": "high", "accident": "high",
}


def default_severity(category: str) -> str:
    return DEFAULT_SEVERITY.get(category, "medium")


def default_title(category: str, subject_name: str) -> str:
    label = "SOS" if category == "sos" else category.replace("_", " ").capitalize()
    return f"{label} — {subject_name}"[:200]
