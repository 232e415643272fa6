"""/v1/responders: the roster."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from sety_dashboard.api.deps import Caller, Paging, QFlag, page_answer, require
from sety_dashboard.api.responses import ERRORS, Page
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.responders import service
from sety_dashboard.domain.responders.inputs import CreateResponderRequest, UpdateResponderRequest
from sety_dashboard.domain.responders.read_model import ResponderView

router = APIRouter(prefix="/responders", tags=["Responders"], responses=ERRORS)
Reader = Annotated[Caller, Depends(require("incidents:read"))]
Writer = Annotated[Caller, Depends(require("incidents:write"))]


@router.post("", status_code=201, response_model=ResponderView)
def create_responder(body: CreateResponderRequest, caller: Writer) -> dict[str, Any]:
    with write_session() as session:
        return service.responder_view(service.create_responder(session, request=body))


@router.get("", response_model=Page[ResponderView])
def list_responders(caller: Reader, paging: Paging, on_duty: QFlag = None) -> dict[str, Any]:
    with read_session() as session:
        found = service.list_responders(session, on_duty=on_duty, page=paging.page,
                                        limit=paging.limit)
        return page_answer(found, paging, service.responder_view)


@router.get("/{responder_id}", response_model=ResponderView)
def get_responder(responder_id: str, caller: Reader) -> dict[str, Any]:
    with read_session() as session:
        return service.responder_view(service.get_responder(session, responder_id))


@router.patch("/{responder_id}", response_model=ResponderView)
def update_responder(responder_id: str, body: UpdateResponderRequest,
                     caller: Writer) -> dict[str, Any]:
    with write_session() as session:
        return service.responder_view(
            service.update_responder(session, responder_id=responder_id, request=body))
