"""What callers send to the access services (API bodies and desk forms alike)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import EmailStr, Field, field_validator

from sety_dashboard.domain.common import NON_BLANK, Name, OptName, OptTimestamp, Phone, StrictModel, Text

CODE_STATUSES = ("active", "expired", "revoked", "exhausted")
LOG_STATUSES = ("checked_in", "checked_out")
METHODS = ("access_code", "walk_in")
REASONS = ("ok", "not_found", "not_yet_valid", "expired", "revoked", "exhausted")
Reason = Literal["ok", "not_found", "not_yet_valid", "expired", "revoked", "exhausted"]

MAX_USES_LIMIT = 1000
_CUSTOM_CODE = re.compile(r"^[A-Za-z0-9]{4,12}$")
# A presented code longer than this cannot be one of ours; longer input is a
# malformed request rather than a refused code.
PRESENTED_MAX = 64


class CreateAccessCodeRequest(StrictModel):
    visitor_name: Name
    visitor_phone: Phone = None
    visitor_email: EmailStr | None = None
    host_name: OptName = None
    purpose: OptName = None
    site: OptName = None
    valid_from: OptTimestamp = None
    valid_until: OptTimestamp = None
    max_uses: int = Field(default=1, ge=1, le=MAX_USES_LIMIT)
    code: str | None = Field(default=None, json_schema_extra={"pattern": _CUSTOM_CODE.pattern})

    @field_validator("code")
    @classmethod
    def _code(cls, v: str | None) -> str | None:
        if v is None:
            return None
        if not _CUSTOM_CODE.match(v):
            raise ValueError("code must be 4 to 12 letters or digits")
        return v

    @field_validator("host_name", "purpose", "site")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        return v or None


class ValidateCodeRequest(StrictModel):
    code: str = Field(min_length=1, max_length=PRESENTED_MAX, json_schema_extra={"pattern": NON_BLANK})
    site: OptName = None


class CheckInRequest(StrictModel):
    """A check-in: a walk-in (name required) or with an access code, whose
    visitor, host, purpose and site fill what the desk left out."""

    visitor_name: OptName = None
    access_code: str | None = Field(default=None, min_length=1, max_length=PRESENTED_MAX,
                                     json_schema_extra={"pattern": NON_BLANK})
    visitor_phone: Phone = None
    host_name: OptName = None
    purpose: OptName = None
    site: OptName = None
    notes: Text = None

    @field_validator("visitor_name", "host_name", "purpose", "site", "notes")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        return v or None


class CheckoutRequest(StrictModel):
    notes: Text = None
