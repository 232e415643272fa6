"""Which browser origins may call the backend with credentials (CORS).

Only the dashboard's own origin (REFLEX_DEPLOY_URL, and the backend's own,
REFLEX_API_URL, which is the same in a one-port deployment) and those listed
in SETY_CORS_ORIGINS (comma-separated) are echoed; any other origin gets no
`Access-Control-Allow-Origin`. rxconfig.py hands this list to Reflex, which
applies it to the API, the dashboard and its websocket alike.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

DEFAULT_DEPLOY_URL = "http://localhost:3000"
DEFAULT_API_URL = "http://localhost:8000"


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of a URL (None if it has no scheme or host)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def _twins(origin: str) -> list[str]:
    # A developer opens localhost or 127.0.0.1 interchangeably.
    if "://localhost" in origin:
        return [origin, origin.replace("://localhost", "://127.0.0.1")]
    if "://127.0.0.1" in origin:
        return [origin, origin.replace("://127.0.0.1", "://localhost")]
    return [origin]


def allowed_origins(env: Mapping[str, str] | None = None) -> list[str]:
    env = os.environ if env is None else env
    own = [env.get("REFLEX_DEPLOY_URL") or DEFAULT_DEPLOY_URL,
           env.get("REFLEX_API_URL") or DEFAULT_API_URL]
    extra = [u for u in (env.get("SETY_CORS_ORIGINS") or "").split(",") if u.strip()]
    out: list[str] = []
    for url in own:
        origin = origin_of(url)
        for o in _twins(origin) if origin else []:
            if o not in out:
                out.append(o)
    for url in extra:
        origin = origin_of(url)
        if origin and origin not in out:
            out.append(origin)
    return out
