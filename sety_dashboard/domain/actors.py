"""Who did something: an API key, a dashboard user, or Sety itself."""

from __future__ import annotations

from dataclasses import dataclass

# Dashboard roles, least to most powerful. What each may do is in
# domain/users/permissions.py.
ROLES = ("responder", "front_desk", "dispatcher", "supervisor", "admin")


@dataclass(frozen=True)
class Actor:
    kind: str  # "api", "user" or "system"
    id: str
    name: str
    role: str | None = None  # dashboard role for users; None for API keys and system
    # For the `responder` role: the roster entry (rsp_…) this user is.
    responder_id: str | None = None

    @property
    def ref(self) -> str:
        """The `actor` string written to timelines, e.g. `api:key_…`."""
        return f"{self.kind}:{self.id}"

    @property
    def owner(self) -> str:
        """Whose idempotency keys these are."""
        return self.id


SYSTEM = Actor(kind="system", id="sety", name="Sety")


def api_actor(key_id: str, name: str) -> Actor:
    return Actor(kind="api", id=key_id, name=name)
