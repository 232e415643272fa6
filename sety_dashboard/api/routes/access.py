"""/v1/access-codes and /v1/access-logs: thin HTTP callers of domain/access."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from sety_dashboard.api.deps import (
    Caller,
    Paging,
    QTime,
    choices,
    page_answer,
    picked,
    require,
    utc_or_none,
)
from sety_dashboard.api.responses import ERRORS, Page
from sety_dashboard.api.responses_access import (
    AccessStatsOut,
    CurrentVisitorsOut,
    ValidationResultOut,
)
from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.access import codes, service
from sety_dashboard.domain.access.export import logs_csv
from sety_dashboard.domain.access.inputs import (
    CODE_STATUSES,
    LOG_STATUSES,
    CheckInRequest,
    CheckoutRequest,
    CreateAccessCodeRequest,
    ValidateCodeRequest,
)
from sety_dashboard.domain.access.read_model import (
    AccessCodeView,
    AccessLogView,
    code_view,
    current_view,
    log_view,
)
from sety_dashboard.domain.access.stats import access_stats

codes_router = APIRouter(prefix="/access-codes", tags=["Access"], responses=ERRORS)
logs_router = APIRouter(prefix="/access-logs", tags=["Access"], responses=ERRORS)
Reader = Annotated[Caller, Depends(require("access:read"))]
Writer = Annotated[Caller, Depends(require("access:write"))]
Query200 = Annotated[str | None, Query(max_length=200)]


def _q(q: str | None) -> str | None:
    return q.strip() if q and q.strip() else None


# -- access codes ----------------------------------------------------------------

@codes_router.post("", status_code=201, response_model=AccessCodeView)
def create_code(body: CreateAccessCodeRequest, caller: Writer) -> dict[str, Any]:
    with write_session() as session:
        code = codes.create_code(session, request=body, actor=caller.actor)
        return code_view(code, clock.now())


@codes_router.get("", response_model=Page[AccessCodeView])
def list_codes(caller: Reader, paging: Paging,
               status: Annotated[str | None, choices(CODE_STATUSES, "statuses")] = None,
               site: Query200 = None, q: Query200 = None) -> dict[str, Any]:
    with read_session() as session:
        found = codes.list_codes(session, statuses=picked(status, CODE_STATUSES, "status"),
                                 site=_q(site), q=_q(q), page=paging.page, limit=paging.limit)
        now = clock.now()
        return page_answer(found, paging, lambda c: code_view(c, now))


@codes_router.post("/validate", response_model=ValidationResultOut)
def validate_code(body: ValidateCodeRequest, caller: Reader) -> dict[str, Any]:
    with read_session() as session:
        verdict = codes.validate_code(session, body.code, body.site)
        return {"valid": verdict.valid, "reason": verdict.reason,
                "message": codes.refusal_message(verdict.reason, verdict.code),
                "access_code": code_view(verdict.code, clock.now()) if verdict.code else None}


@codes_router.get("/{code_id}", response_model=AccessCodeView)
def get_code(code_id: str, caller: Reader) -> dict[str, Any]:
    with read_session() as session:
        return code_view(codes.get_code(session, code_id), clock.now())


@codes_router.delete("/{code_id}", response_model=AccessCodeView)
def revoke_code(code_id: str, caller: Writer) -> dict[str, Any]:
    with write_session() as session:
        code = codes.revoke_code(session, code_id=code_id, actor=caller.actor)
        return code_view(code, clock.now())


# -- access logs -----------------------------------------------------------------

@logs_router.post("", status_code=201, response_model=AccessLogView)
def check_in(body: CheckInRequest, caller: Writer) -> JSONResponse:
    with write_session() as session:
        outcome = service.check_in(session, request=body, actor=caller.actor)
        # Encoded once, inside the transaction: the view already matches
        # AccessLogView, so FastAPI's re-validation of a dict is skipped.
        answer = JSONResponse(log_view(outcome.log), 201) if outcome.log is not None else None
    # Raised after the commit: a refusal's denial row and event are kept.
    outcome.raise_if_denied()
    assert answer is not None
    return answer


def _filters(status: str | None, site: str | None, since: datetime | None,
             until: datetime | None, q: str | None) -> service.LogFilters:
    return service.LogFilters(statuses=picked(status, LOG_STATUSES, "status"), site=_q(site),
                              since=utc_or_none(since), until=utc_or_none(until), q=_q(q))


@logs_router.get("", response_model=Page[AccessLogView])
def list_logs(caller: Reader, paging: Paging,
              status: Annotated[str | None, choices(LOG_STATUSES, "statuses")] = None,
              site: Query200 = None, since: QTime = None,
              until: QTime = None, q: Query200 = None) -> dict[str, Any]:
    filters = _filters(status, site, since, until, q)
    with read_session() as session:
        found = service.list_logs(session, filters=filters, page=paging.page, limit=paging.limit)
        return page_answer(found, paging, log_view)


@logs_router.get("/export", response_class=Response,
                 responses={200: {"content": {"text/csv": {}}, "description": "the log as CSV"}})
def export_logs(caller: Reader,
                status: Annotated[str | None, choices(LOG_STATUSES, "statuses")] = None,
                site: Query200 = None, since: QTime = None,
                until: QTime = None, q: Query200 = None) -> Response:
    filters = _filters(status, site, since, until, q)
    with read_session() as session:
        body = logs_csv(log_view(r) for r in service.all_logs(session, filters=filters))
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="access-logs.csv"'})


@logs_router.get("/stats", response_model=AccessStatsOut)
def stats(caller: Reader, since: QTime = None, until: QTime = None,
          site: Query200 = None) -> dict[str, Any]:
    with read_session() as session:
        return access_stats(session, since=utc_or_none(since), until=utc_or_none(until),
                            site=_q(site))


@logs_router.get("/current", response_model=CurrentVisitorsOut)
def current(caller: Reader, site: Query200 = None) -> dict[str, Any]:
    with read_session() as session:
        now = clock.now()
        rows = [current_view(r, now) for r in service.current_visitors(session, site=_q(site))]
        return {"data": rows, "count": len(rows)}


@logs_router.get("/{log_id}", response_model=AccessLogView)
def get_log(log_id: str, caller: Reader) -> dict[str, Any]:
    with read_session() as session:
        return log_view(service.get_log(session, log_id))


@logs_router.post("/{log_id}/checkout", response_model=AccessLogView)
def checkout(log_id: str, caller: Writer, body: CheckoutRequest | None = None) -> dict[str, Any]:
    with write_session() as session:
        log = service.check_out(session, log_id=log_id, request=body or CheckoutRequest(),
                                actor=caller.actor)
        return log_view(log)
