"""The rows of the Admin sections (API keys, users, safe zones, webhook
endpoints and their deliveries), built from the domain's views (no Reflex here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class KeyRow:
    key_id: str = ""
    name: str = ""
    prefix: str = ""
    scopes: str = ""
    created: str = ""
    last_used: str = ""
    expires: str = ""
    revoked: str = ""


def key_row(view: dict[str, Any]) -> KeyRow:
    return KeyRow(key_id=view["key_id"], name=view["name"], prefix=view["prefix"],
                  # ISO times: the page shows them in the one clock format (times.py).
                  scopes=", ".join(view["scopes"]), created=view["created_at"] or "",
                  last_used=view["last_used_at"] or "", expires=view["expires_at"] or "",
                  revoked=view["revoked_at"] or "")


@dataclass
class UserRow:
    user_id: str = ""
    name: str = ""
    email: str = ""
    role: str = ""
    disabled: bool = False
    created: str = ""
    last_sign_in: str = ""
    responder_id: str = ""


def user_row(view: dict[str, Any]) -> UserRow:
    return UserRow(user_id=view["user_id"], name=view["name"], email=view["email"],
                   role=view["role"], disabled=view["disabled"],
                   created=view["created_at"] or "",
                   last_sign_in=view["last_sign_in_at"] or "",
                   responder_id=view["responder_id"] or "")


@dataclass
class ZoneRow:
    safe_zone_id: str = ""
    name: str = ""
    kind: str = ""
    place: str = ""
    open_24h: bool = True
    phone: str = ""


@dataclass
class EndpointRow:
    endpoint_id: str = ""
    url: str = ""
    events: str = ""
    description: str = ""
    status: str = ""
    disabled_reason: str = ""
    failure_count: int = 0
    last_success: str = ""
    created: str = ""


@dataclass
class DeliveryRow:
    delivery_id: str = ""
    event_type: str = ""
    event_seq: int = 0
    status: str = ""
    attempts: int = 0
    response_status: str = ""
    last_error: str = ""
    next_attempt: str = ""
    created: str = ""
    delivered: str = ""


def endpoint_row(view: dict[str, Any]) -> EndpointRow:
    return EndpointRow(
        endpoint_id=view["endpoint_id"], url=view["url"], events=", ".join(view["events"]),
        description=view.get("description") or "", status=view["status"],
        disabled_reason=view.get("disabled_reason") or "", failure_count=view["failure_count"],
        last_success=view.get("last_success_at") or "", created=view["created_at"] or "")


def delivery_row(view: dict[str, Any]) -> DeliveryRow:
    status = view.get("response_status")
    return DeliveryRow(
        delivery_id=view["delivery_id"], event_type=view["event_type"],
        event_seq=view["event_seq"], status=view["status"], attempts=view["attempts"],
        response_status="" if status is None else str(status),
        last_error=view.get("last_error") or "", next_attempt=view.get("next_attempt_at") or "",
        created=view["created_at"] or "", delivered=view.get("delivered_at") or "")
