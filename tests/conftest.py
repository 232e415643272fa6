"""Shared fixtures: a real database per test (SQLite file and PostgreSQL),
a clock the test moves, a fresh event bus, and a real HTTP server.

Tests that take `db` run once per backend in SETY_TEST_BACKENDS
(default "sqlite,postgresql"). Each test run gets its own PostgreSQL
database (created here, dropped at the end) and its own Redis key prefix.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text

from sety_dashboard.cli import db_upgrade
from sety_dashboard.core import clock as clock_mod
from sety_dashboard.core import db as db_mod
from sety_dashboard.core import ratelimit
from sety_dashboard.core.settings import reset_settings
from sety_dashboard.domain.keys.cache import reset_key_cache
from sety_dashboard.events import bus as bus_mod

RUN_ID = uuid.uuid4().hex[:10]
PG_ADMIN_URL = os.environ.get("SETY_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SETY_TEST_REDIS", "redis://127.0.0.1:6379/0")
BACKENDS = [b for b in os.environ.get("SETY_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
# Tables whose rows the migrations put there; kept (and reset) between tests.
_SEEDED = {"alembic_version", "event_counter", "sla_policies"}

os.environ.setdefault("SETY_REDIS_PREFIX", f"sety_test_{RUN_ID}")


class Database:
    def __init__(self, backend: str, url: str) -> None:
        self.backend = backend
        self.url = url

    @property
    def is_postgres(self) -> bool:
        return self.backend == "postgresql"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.db"
    db_upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _postgres_url() -> Iterator[str]:
    name = f"sety_test_{RUN_ID}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    db_upgrade(url)
    yield url
    db_mod.get_engine().dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _reset_postgres(url: str) -> None:
    from sety_dashboard import models

    engine = db_mod.get_engine()
    tables = [t.name for t in models.metadata.sorted_tables if t.name not in _SEEDED]
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        conn.execute(text("UPDATE event_counter SET value = 0"))
        conn.execute(text("DELETE FROM sla_policies"))
        conn.execute(text(
            "INSERT INTO sla_policies (severity, acknowledge_s, dispatch_s, resolve_s) VALUES "
            "('critical', 15, 60, 3600), ('high', 60, 300, 14400), "
            "('medium', 300, 1800, 86400), ('low', 1800, 14400, 259200)"))


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """A migrated, empty database; the app's engine points at it."""
    backend = request.param
    if backend == "sqlite":
        path = tmp_path / "sety.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("_postgres_url")
    monkeypatch.setenv("SETY_DATABASE_URL", url)
    reset_settings()
    db_mod.configure(url)
    if backend == "postgresql":
        _reset_postgres(url)
    yield Database(backend, url)
    db_mod.get_engine().dispose()
    reset_settings()


@pytest.fixture
def clock() -> Iterator[clock_mod.FrozenClock]:
    """A clock that stands still until the test moves it."""
    frozen = clock_mod.FrozenClock(datetime(2026, 11, 30, 14, 0, 0, tzinfo=UTC))
    clock_mod.set_clock(frozen)
    yield frozen
    clock_mod.reset_clock()


@pytest.fixture(autouse=True)
def _fresh_bus_and_limits() -> Iterator[None]:
    bus_mod.set_bus(bus_mod.MemoryBus())
    ratelimit.reset_limiter()
    reset_key_cache()
    yield
    bus_mod.set_bus(None)
    ratelimit.reset_limiter()
    reset_key_cache()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The real API app behind uvicorn, on a free port, in this process."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off", ws="websockets")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.time() + 15
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("test server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    from sety_dashboard.api.app import create_api

    server = LiveServer(create_api()).start()
    yield server
    server.stop()


@pytest.fixture
def api(db: Database, live_server: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client for the live API, on a fresh database (no key set)."""
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client


@pytest.fixture
def make_key(db: Database):
    """make_key(scopes) → the secret of a new API key with those scopes."""
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.keys.service import CreateApiKeyRequest, create_key

    def make(*scopes: str, name: str = "test key") -> str:
        with write_session() as session:
            _, secret = create_key(session, request=CreateApiKeyRequest(
                name=name, scopes=list(scopes or ("admin",))))
        return secret

    return make


@pytest.fixture
def admin(api: httpx.Client, make_key) -> httpx.Client:
    """The live API client, authenticated with an admin key."""
    api.headers["Authorization"] = f"Bearer {make_key('admin')}"
    return api
