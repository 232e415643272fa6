"""/v1/api-keys: issue, list, revoke."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from sety_dashboard.api.deps import Caller, Paging, page_answer, require
from sety_dashboard.api.responses import ERRORS, ApiKeyCreated, Page
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.keys import service
from sety_dashboard.domain.keys.read_model import ApiKeyView, key_view
from sety_dashboard.domain.keys.service import CreateApiKeyRequest

router = APIRouter(prefix="/api-keys", tags=["API keys"], responses=ERRORS)
Manager = Annotated[Caller, Depends(require("keys:manage"))]


@router.post("", status_code=201, response_model=ApiKeyCreated)
def create_key(body: CreateApiKeyRequest, caller: Manager) -> dict[str, Any]:
    with write_session() as session:
        key, secret = service.create_key(session, request=body, granted_by=caller.key)
        return {**key_view(key), "secret": secret}


@router.get("", response_model=Page[ApiKeyView])
def list_keys(caller: Manager, paging: Paging) -> dict[str, Any]:
    with read_session() as session:
        found = service.list_keys(session, page=paging.page, limit=paging.limit)
        return page_answer(found, paging, key_view)


@router.delete("/{key_id}", response_model=ApiKeyView)
def revoke_key(key_id: str, caller: Manager) -> dict[str, Any]:
    with write_session() as session:
        return key_view(service.revoke_key(session, key_id, revoked_by=caller.key))
