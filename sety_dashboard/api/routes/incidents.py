"""/v1/incidents: thin HTTP callers of domain/incidents.

Answers are the domain's read models (IncidentView), already JSON-ready and matching the response
models, so they are sent as they are (`JSONResponse`): FastAPI's validation
of a returned dict against the model would build and dump every field
again (the response models still document the answers in /docs). A change's
answer is encoded inside its transaction, so that it is never a view some
other code may be holding once the event is published.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse

from sety_dashboard.api.deps import (
    Caller,
    Paging,
    QFlag,
    QTime,
    choices,
    paginated,
    picked,
    require,
    utc_or_none,
)
from sety_dashboard.api.responses import ERRORS, IncidentAnalyticsOut, Page
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.incidents import inputs, service
from sety_dashboard.domain.incidents.analytics import incident_analytics
from sety_dashboard.domain.incidents.read_model import IncidentView, incident_view, incident_views

router = APIRouter(prefix="/incidents", tags=["Incidents"], responses=ERRORS)
Reader = Annotated[Caller, Depends(require("incidents:read"))]
Writer = Annotated[Caller, Depends(require("incidents:write"))]


@router.post("", status_code=201, response_model=IncidentView,
             responses={200: {"model": IncidentView, "description": "idempotent replay"}})
def create_incident(body: inputs.CreateIncidentRequest, caller: Writer,
                    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
                    ) -> JSONResponse:
    body = inputs.with_idempotency_header(body, idempotency_key)
    with write_session() as session:
        result = service.create_incident(session, request=body, actor=caller.actor)
        view = service.view_of(session, result.incident)
        if result.replayed:
            answer = JSONResponse(view, status_code=200, headers={"Idempotent-Replayed": "true"})
        else:
            answer = JSONResponse(view, status_code=201)
    return answer


@router.get("", response_model=Page[IncidentView])
def list_incidents(caller: Reader, paging: Paging,
                   status: Annotated[str | None, choices(inputs.STATUSES, "statuses")] = None,
                   category: Annotated[str | None, choices(inputs.CATEGORIES, "categories")] = None,
                   severity: Annotated[str | None, choices(inputs.SEVERITIES, "severities")] = None,
                   is_drill: QFlag = None, since: QTime = None, until: QTime = None,
                   q: Annotated[str | None, Query(max_length=200)] = None,
                   site: Annotated[str | None, Query(max_length=200)] = None) -> JSONResponse:
    filters = service.IncidentFilters(
        status=picked(status, inputs.STATUSES, "status"),
        category=picked(category, inputs.CATEGORIES, "category"),
        severity=picked(severity, inputs.SEVERITIES, "severity"),
        is_drill=is_drill, since=utc_or_none(since), until=utc_or_none(until),
        q=q.strip() if q and q.strip() else None, site=site)
    with read_session() as session:
        rows, total = service.list_incidents(session, filters=filters, page=paging.page,
                                             limit=paging.limit)
        return JSONResponse(paginated(incident_views(session, rows), total, paging))


@router.get("/analytics", response_model=IncidentAnalyticsOut)
def analytics(caller: Reader, since: QTime = None, until: QTime = None) -> dict[str, Any]:
    with read_session() as session:
        return incident_analytics(session, since=utc_or_none(since), until=utc_or_none(until))


@router.get("/{incident_id}", response_model=IncidentView)
def get_incident(incident_id: str, caller: Reader) -> JSONResponse:
    with read_session() as session:
        return JSONResponse(incident_view(session, service.get_incident(session, incident_id)))


def _act(fn: Any, status_code: int = 200, **kwargs: Any) -> JSONResponse:
    with write_session() as session:
        incident = fn(session, **kwargs)
        answer = JSONResponse(service.view_of(session, incident), status_code=status_code)
    return answer


@router.post("/{incident_id}/acknowledge", response_model=IncidentView)
def acknowledge(incident_id: str, caller: Writer,
                body: inputs.AcknowledgeRequest | None = None) -> JSONResponse:
    return _act(service.acknowledge_incident, incident_id=incident_id,
                request=body or inputs.AcknowledgeRequest(), actor=caller.actor)


@router.post("/{incident_id}/assignments", status_code=201, response_model=IncidentView)
def assign(incident_id: str, body: inputs.AssignRequest, caller: Writer) -> JSONResponse:
    return _act(service.assign_responder, 201, incident_id=incident_id, request=body,
                actor=caller.actor)


@router.patch("/{incident_id}/assignments/{assignment_id}", response_model=IncidentView)
def update_assignment(incident_id: str, assignment_id: str, body: inputs.UpdateAssignmentRequest,
                      caller: Writer) -> JSONResponse:
    return _act(service.update_assignment, incident_id=incident_id,
                assignment_id=assignment_id, request=body, actor=caller.actor)


@router.post("/{incident_id}/notes", status_code=201, response_model=IncidentView)
def add_note(incident_id: str, body: inputs.NoteRequest, caller: Writer) -> JSONResponse:
    return _act(service.add_note, 201, incident_id=incident_id, request=body, actor=caller.actor)


@router.post("/{incident_id}/resolve", response_model=IncidentView)
def resolve(incident_id: str, body: inputs.ResolveRequest, caller: Writer) -> JSONResponse:
    return _act(service.resolve_incident, incident_id=incident_id, request=body,
                actor=caller.actor)


@router.post("/{incident_id}/cancel", response_model=IncidentView)
def cancel(incident_id: str, caller: Writer, body: inputs.CancelRequest | None = None) -> JSONResponse:
    return _act(service.cancel_incident, incident_id=incident_id,
                request=body or inputs.CancelRequest(), actor=caller.actor)
