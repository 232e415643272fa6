"""GET /v1/health: public, says whether the database answers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from sety_dashboard import __version__
from sety_dashboard.api.schemas import Health
from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session
from sety_dashboard.core.timefmt import iso

router = APIRouter(tags=["Health"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health() -> JSONResponse:
    try:
        with read_session() as session:
            session.execute(text("SELECT 1"))
        database, status, code = "ok", "ok", 200
    except Exception:
        database, status, code = "unavailable", "degraded", 503
    return JSONResponse({"status": status, "version": __version__, "database": database,
                         "time": iso(clock.now())}, status_code=code)
