"""Building blocks shared by every domain: of request models, and the Point of read models."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict  # pydantic reads only this one on Python < 3.12

from sety_dashboard.core.timefmt import YEAR_MAX, YEAR_MIN, check_instant
from sety_dashboard.domain.errors import ValidationFailed

NAME_MAX = 200
TEXT_MAX = 5000
METADATA_MAX_KEYS = 50
METADATA_VALUE_MAX = 500
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def nul_path(value: Any, where: str = "") -> str | None:
    """Where in a decoded JSON value a string holds a NUL character, if anywhere.

    PostgreSQL cannot store NUL in text and no person types one, so every
    string the API receives is checked for it (the query string is checked
    at the edge, `api/guard.py`)."""
    if isinstance(value, str):
        return where or "value" if "\x00" in value else None
    if isinstance(value, dict):
        for k, v in value.items():
            here = f"{where}.{k}" if where else str(k)
            if isinstance(k, str) and "\x00" in k:
                return where or "body"
            found = nul_path(v, here)
            if found:
                return found
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = nul_path(v, f"{where}.{i}" if where else str(i))
            if found:
                return found
    return None


class StrictModel(BaseModel):
    """Unknown fields are refused, strings trimmed and NUL characters refused,
    as the API promises."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        where = nul_path(data)
        if where:
            raise PydanticCustomError("invalid", "{where}: must not contain NUL characters",
                                      {"where": where})
        return data


def _phone(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _E164.match(value):
        raise ValueError("phone must be in E.164 form, e.g. +2348012345678")
    return value


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


PHONE_PATTERN = r"^(\+[1-9][0-9]{6,14})?$"
Phone = Annotated[str | None, AfterValidator(_phone),
                  Field(json_schema_extra={"pattern": PHONE_PATTERN})]
# Strings are trimmed before they are checked, so "required" means "holds a
# non-space character"; the pattern says so in the OpenAPI schema.
# Exactly the characters Python's str.strip() removes (and NUL), so the schema
# and the server agree on what "blank" is.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NON_BLANK = rf"^[^\x00]*[^\x00{_SPACE}][^\x00]*$"
# (minLength and the pattern are stated for clients; the server's own check
# of a blank name is `_non_empty`, whose message says what is wrong.)
Name = Annotated[str, Field(max_length=NAME_MAX,
                            json_schema_extra={"minLength": 1, "pattern": NON_BLANK}),
                 AfterValidator(_non_empty)]
OptName = Annotated[str | None, Field(default=None, max_length=NAME_MAX)]
Text = Annotated[str | None, Field(default=None, max_length=TEXT_MAX)]


def check_coordinates(value: Any) -> tuple[float, float]:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ValueError("coordinates must be [longitude, latitude]")
    lng, lat = value
    for v in (lng, lat):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError("coordinates must be numbers [longitude, latitude]")
    if not -180 <= lng <= 180:
        raise PydanticCustomError("out_of_range", "longitude must be within [-180, 180]")
    if not -90 <= lat <= 90:
        raise PydanticCustomError("out_of_range", "latitude must be within [-90, 90]")
    return float(lng), float(lat)


# [longitude, latitude], as the schema states it (ranges included).
Coordinates = Annotated[tuple[float, float], BeforeValidator(check_coordinates),
                        WithJsonSchema({"type": "array", "minItems": 2, "maxItems": 2,
                                        "prefixItems": [
                                            {"type": "number", "minimum": -180, "maximum": 180},
                                            {"type": "number", "minimum": -90, "maximum": 90}],
                                        "items": False,
                                        "description": "[longitude, latitude]"})]


class Point(TypedDict):
    """A place in a read model: [longitude, latitude] (what `GeoPoint.coordinates` takes)."""

    coordinates: list[float]


class GeoPoint(StrictModel):
    coordinates: Coordinates
    address: str | None = Field(default=None, max_length=500)


def check_metadata(value: dict[str, Any] | None) -> dict[str, str] | None:
    if value is None:
        return None
    if len(value) > METADATA_MAX_KEYS:
        raise ValueError(f"metadata may hold at most {METADATA_MAX_KEYS} keys")
    out: dict[str, str] = {}
    for k, v in value.items():
        if not isinstance(v, str):
            raise ValueError(f"metadata.{k} must be a string")
        if len(k) > METADATA_VALUE_MAX or len(v) > METADATA_VALUE_MAX:
            raise ValueError(f"metadata.{k} is longer than {METADATA_VALUE_MAX} characters")
        out[k] = v.strip()
    return out


# -- timestamps and flags -----------------------------------------------------------

_NUMERIC = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def _timestamp_not_number(value: Any) -> Any:
    # pydantic reads a bare number as Unix time; the API promises ISO-8601 only.
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise PydanticCustomError("invalid", "must be an ISO-8601 timestamp, not a number")
    if isinstance(value, str) and _NUMERIC.match(value):
        raise PydanticCustomError("invalid", "must be an ISO-8601 timestamp, not a number")
    return value


def _timestamp_in_range(value: datetime) -> datetime:
    try:
        return check_instant(value)
    except ValueError as exc:
        raise PydanticCustomError("out_of_range", str(exc)) from exc


# What the OpenAPI schema states for a timestamp: RFC 3339 with an offset,
# years 1971–2998 as written (the server takes 1970–2999 once converted to
# UTC; a pattern cannot apply offsets, so it states the safe inner range).
TIMESTAMP_PATTERN = (
    r"^(197[1-9]|19[89][0-9]|2[0-8][0-9]{2}|29[0-8][0-9])-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)


def _timestamp_schema(schema: dict[str, Any]) -> None:
    schema.pop("format", None)
    schema["pattern"] = TIMESTAMP_PATTERN
    schema["description"] = (f"ISO-8601 / RFC 3339 instant with an offset; years {YEAR_MIN}–"
                             f"{YEAR_MAX} once converted to UTC; never a bare number")


# An ISO-8601 instant between years 1970 and 2999 (after its offset), in UTC.
Timestamp = Annotated[
    datetime, BeforeValidator(_timestamp_not_number), AfterValidator(_timestamp_in_range),
    Field(json_schema_extra=_timestamp_schema),
]
OptTimestamp = Annotated[Timestamp | None, Field(default=None)]


def _query_flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise PydanticCustomError("bool_type", "must be true or false")


# JSON bodies take only true/false; query strings only the words true/false.
Flag = StrictBool
QueryFlag = Annotated[bool, BeforeValidator(_query_flag)]


# -- enum filters ---------------------------------------------------------------------

def choices_pattern(allowed: Sequence[str]) -> str:
    """The regex a comma-separated filter of `allowed` values matches (for OpenAPI)."""
    alt = "|".join(re.escape(a) for a in allowed)
    return f"^(({alt})(,({alt}))*)?$"


def pick_choices(raw: str | None, allowed: Sequence[str], field: str) -> list[str] | None:
    """A comma-separated filter: every value must be one of `allowed` (else 422)."""
    if raw is None or raw == "":
        return None
    values = raw.split(",")
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationFailed(f"{field}: unknown value(s) {', '.join(repr(u) for u in unknown)}; "
                               f"one of {', '.join(allowed)}", field, "invalid_choice")
    return list(dict.fromkeys(values))
