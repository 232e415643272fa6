"""GET /v1/health and GET /v1/ready: public, for people and for load balancers.

- `/v1/health` says whether the database answers (503 when not), and which
  node and process answered and what its background duties are doing —
  whether the SLA ticker holds its cluster lock on this process, say.
- `/v1/ready` is the load balancer's question: should this process get
  traffic? 200 once the database answers and every background duty the app
  registered has started (the live bridge is subscribed to the bus, so a tab
  connected here will get its updates), 503 otherwise.
"""

from __future__ import annotations

import os

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from sety_dashboard import __version__
from sety_dashboard.api.responses import Health, Readiness
from sety_dashboard.core import clock, duties
from sety_dashboard.core.db import read_session
from sety_dashboard.core.timefmt import iso

router = APIRouter(tags=["Health"])


def _database_answers() -> bool:
    try:
        with read_session() as session:
            session.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health() -> JSONResponse:
    ok = _database_answers()
    return JSONResponse({"status": "ok" if ok else "degraded", "version": __version__,
                         "database": "ok" if ok else "unavailable", "time": iso(clock.now()),
                         "node": duties.node_id(), "worker_pid": os.getpid(),
                         "duties": duties.snapshot()},
                        status_code=200 if ok else 503)


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}})
def ready() -> JSONResponse:
    ok = _database_answers()
    started, waiting = duties.all_started()
    if not started and not waiting:
        waiting = ["background duties (none registered in this process)"]
    is_ready = ok and started
    return JSONResponse({"status": "ready" if is_ready else "not_ready", "node": duties.node_id(),
                         "database": "ok" if ok else "unavailable", "waiting_for": waiting},
                        status_code=200 if is_ready else 503)
