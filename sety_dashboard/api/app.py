"""The FastAPI app that serves /v1, mounted into the Reflex backend."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from sety_dashboard import __version__
from sety_dashboard.api.errors import install_error_handlers
from sety_dashboard.api.guard import EdgeGuard
from sety_dashboard.api.middleware import RequestContextMiddleware
from sety_dashboard.api.openapi_rules import CROSS_FIELD_RULES, state_input_rules
from sety_dashboard.api.routes import (
    access,
    fallback,
    health,
    incidents,
    keys,
    muster,
    responders,
    scorecard,
    sla,
    stream,
    threat,
    webhooks,
)

DESCRIPTION = """Sety's public API: incidents with SLAs and responders, access codes and
visitor logs, threat intelligence, API keys, webhooks and a live event stream.

Authenticate with `Authorization: Bearer <secret>` (or `X-API-Key`). Every error has
the body `{"error": {"code", "message", "details", "request_id"}}`.
""" + CROSS_FIELD_RULES


def _routers() -> list[APIRouter]:
    """Every /v1 router. A new area of the API adds its router here."""
    return [health.router, incidents.router, responders.router, keys.router,
            access.codes_router, access.logs_router, muster.router, threat.router,
            stream.router, webhooks.router, sla.router, scorecard.router]


def create_api() -> FastAPI:
    # strict_content_type off: a JSON body sent without its Content-Type is
    # still read as JSON (and refused as invalid_json if it is not).
    app = FastAPI(title="Sety API", version=__version__, description=DESCRIPTION,
                  strict_content_type=False)
    v1 = APIRouter(prefix="/v1")
    for router in _routers():
        v1.include_router(router)
    app.include_router(v1)
    install_error_handlers(app)
    state_input_rules(app)
    fallback.install_fallback(app)
    # Added first, so it runs inside the request-id middleware: its refusals
    # carry X-Request-Id like every other answer.
    app.add_middleware(EdgeGuard, allowed_methods=fallback.method_table(app))
    app.add_middleware(RequestContextMiddleware)
    return app
