"""Request-model building blocks shared by every domain."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

NAME_MAX = 200
TEXT_MAX = 5000
METADATA_MAX_KEYS = 50
METADATA_VALUE_MAX = 500
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


class StrictModel(BaseModel):
    """Unknown fields are refused and strings trimmed, as the API promises."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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


Phone = Annotated[str | None, AfterValidator(_phone)]
Name = Annotated[str, Field(max_length=NAME_MAX), AfterValidator(_non_empty)]
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


class GeoPoint(StrictModel):
    coordinates: tuple[float, float]
    address: str | None = Field(default=None, max_length=500)

    @field_validator("coordinates", mode="before")
    @classmethod
    def _coords(cls, v: Any) -> tuple[float, float]:
        return check_coordinates(v)


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
