"""The fan-out cursor: the last event seq already turned into deliveries.

Holding its row lock serialises fan-out with endpoint creation and
re-enabling, so an endpoint's `since_seq` and the cursor never pass each
other (no event is skipped for a new endpoint, none is sent from before it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sety_dashboard.webhooks.models import WebhookCursor

NAME = "fanout"


def insert_ignoring_duplicates(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING, on SQLite and PostgreSQL.

    One statement executed with many parameter sets (its compiled form is
    cached), not one multi-row VALUES built and compiled again per call:
    compiling that took half of a busy webhook worker's time.
    """
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def lock_cursor(session: Session) -> WebhookCursor:
    """The cursor row, locked until the transaction ends (created at 0 if missing)."""
    stmt = select(WebhookCursor).where(WebhookCursor.name == NAME).with_for_update()
    cursor = session.execute(stmt).scalar_one_or_none()
    if cursor is None:
        # Re-created at 0 if someone emptied the table: fan-out skips ahead
        # to the endpoints' since_seq, and duplicates are ignored.
        insert_ignoring_duplicates(session, WebhookCursor.__table__, [{"name": NAME, "value": 0}])
        cursor = session.execute(stmt).scalar_one()
    return cursor
