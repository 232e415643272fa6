"""A responder as the API, the event log and the dashboard see it.

The typed dicts are the one statement of the shape: the service builds
them, the API names them as its response models (FastAPI documents a
TypedDict like a model), and the dashboard adapts them to its rows. At run
time they are plain dicts, so building one costs what a dict costs.
"""

from __future__ import annotations

from typing_extensions import TypedDict  # pydantic reads only this one on Python < 3.12

from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.common import Point
from sety_dashboard.domain.responders.models import Responder


class ResponderView(TypedDict):
    responder_id: str
    name: str
    phone: str | None
    role: str | None
    unit: str | None
    on_duty: bool
    location: Point | None
    location_updated_at: str | None
    created_at: str
    updated_at: str


def responder_view(r: Responder) -> ResponderView:
    located = r.lng is not None
    return {
        "responder_id": r.id, "name": r.name, "phone": r.phone, "role": r.role, "unit": r.unit,
        "on_duty": r.on_duty,
        "location": {"coordinates": [r.lng, r.lat]} if located else None,
        "location_updated_at": iso(r.location_updated_at) if located else None,
        "created_at": iso(r.created_at), "updated_at": iso(r.updated_at),
    }
