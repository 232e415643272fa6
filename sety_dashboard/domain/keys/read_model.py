"""An API key as the API and the dashboard see it: never its secret or hash.

Typed once here (a TypedDict: a plain dict at run time); the API names it as
its response model, the dashboard adapts it to its rows.
"""

from __future__ import annotations

from typing_extensions import TypedDict  # pydantic reads only this one on Python < 3.12

from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.keys.models import ApiKey


class ApiKeyView(TypedDict):
    key_id: str
    name: str
    prefix: str
    scopes: list[str]
    created_at: str
    last_used_at: str | None
    expires_at: str | None
    revoked_at: str | None


def key_view(key: ApiKey) -> ApiKeyView:
    return {"key_id": key.id, "name": key.name, "prefix": key.prefix, "scopes": key.scopes,
            "created_at": iso(key.created_at), "last_used_at": iso(key.last_used_at),
            "expires_at": iso(key.expires_at), "revoked_at": iso(key.revoked_at)}
