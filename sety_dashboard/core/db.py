"""The database engine and the two ways to use it: read, and write.

Every write goes through `write_session()`: one transaction that holds the
row changes and the event rows they cause (the outbox). Events are handed to
the bus only after the commit succeeded (see `events.log`).

SQLite runs in WAL mode with a busy timeout, and write transactions start
with `BEGIN IMMEDIATE`, so two writers queue on the lock instead of failing
when one upgrades a read to a write.

SQLite has one writer at a time whatever we do. Inside one process the
write transactions therefore queue on a Python lock (`_SQLITE_WRITER`)
before `BEGIN IMMEDIATE`: a thread waiting there sleeps until the writer
before it commits and is woken at once, where sixteen threads waiting in
SQLite's busy handler each sleep-and-retry on the file lock (measured: a
fifth of a loaded server's time, and seconds of p99 latency; see
docs/PERFORMANCE.md). Other processes (a second worker, the CLI) still
queue through the busy timeout. PostgreSQL takes no such lock: its writers
serialise only where they touch the same rows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

from sety_dashboard.core.files import private_file, sqlite_path
from sety_dashboard.core.settings import get_settings

_engine: Engine | None = None
_write_engine: Engine | None = None
# Re-entrant so that a nested write_session() in one thread fails the way it
# always did (SQLite's busy timeout), rather than deadlocking here.
_SQLITE_WRITER = threading.RLock()


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        # Straight to the driver: SQLAlchemy's statement machinery (events,
        # result setup) for a BEGIN that returns nothing cost every request
        # as much as a small query.
        conn.connection.driver_connection.execute(_BEGIN[mode])


_BEGIN = {"DEFERRED": "BEGIN DEFERRED", "IMMEDIATE": "BEGIN IMMEDIATE"}
# Connections kept open for SQLite: as many as the request thread pool has
# threads (anyio's default, 40), so that a busy server reuses connections
# instead of opening one (and running the PRAGMAs above) per request, which
# SQLAlchemy's default of 5 + 10 overflow did at 16 concurrent requests.
SQLITE_POOL_SIZE = 40


def make_engine(url: str) -> Engine:
    # hide_parameters: a failed statement's error (which is logged) must not
    # carry the values — webhook signing secrets, names, phone numbers.
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None and path.parent.is_dir():
            private_file(path)  # personal data and webhook secrets: owner only (0600)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=SQLITE_POOL_SIZE, max_overflow=10, hide_parameters=True)
        _sqlite_setup(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                         hide_parameters=True)


def configure(url: str | None = None) -> Engine:
    """(Re)create the engine, e.g. after tests point SETY_DATABASE_URL elsewhere."""
    global _engine, _write_engine
    if _engine is not None:
        _engine.dispose()
    _engine = make_engine(url or get_settings().database_url)
    _write_engine = _engine.execution_options(sqlite_begin="IMMEDIATE")
    return _engine


def get_engine() -> Engine:
    if _engine is None:
        configure()
    assert _engine is not None
    return _engine


def is_postgres() -> bool:
    return get_engine().dialect.name == "postgresql"


@contextmanager
def read_session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session() -> Iterator[Session]:
    """One transaction: commit on success, roll back on any exception."""
    engine = get_engine()
    # The lock is held until after commit and the after-commit hooks, so the
    # next writer starts only once this one's events are handed to the bus.
    writer = _SQLITE_WRITER if engine.dialect.name == "sqlite" else nullcontext()
    with writer, Session(_write_engine, expire_on_commit=False) as session:
        with session.begin():
            yield session
