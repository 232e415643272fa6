"""Reading rows the same way everywhere: one by its id (or NotFound), one page of many.

Every domain's `get_x` and `list_x` go through these two, so the API's
"not found" sentence and the paging arithmetic have one home each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sety_dashboard.domain.errors import NotFound

T = TypeVar("T")


def get_or_not_found(session: Session, model: type[T], row_id: str, what: str, *,
                     for_update: bool = False, fresh: bool = False,
                     belongs: Callable[[T], bool] | None = None,
                     message: str | None = None) -> T:
    """The `model` row whose primary key is `row_id`, else NotFound
    ("<what> <row_id> not found", or `message`).

    `for_update`: lock the row until the transaction ends (PostgreSQL; SQLite
    write transactions are serialised already). `fresh`: read it from the
    database even if this session already holds it (a concurrent change must
    be seen). `belongs`: a row that exists but fails this check (e.g. a child
    of another parent) is not found either."""
    row = session.get(model, row_id, with_for_update=True if for_update else None,
                      populate_existing=fresh)
    if row is None or (belongs is not None and not belongs(row)):
        raise NotFound(message or f"{what} {row_id} not found")
    return row


def page_of(session: Session, query: Any, *order_by: Any, page: int,
            limit: int) -> tuple[list[Any], int]:
    """Page `page` (from 1) of `limit` rows of `query` in `order_by` order, and
    how many rows the whole query holds."""
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(
        query.order_by(*order_by).offset((page - 1) * limit).limit(limit)).scalars().all()
    return list(rows), total
