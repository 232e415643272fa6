"""The two-node cluster: one fresh PostgreSQL database, one Redis prefix,
two app nodes (2 Granian workers each) and nginx in front (no stickiness).

Module-scoped (started once for tests/cluster/test_two_nodes.py, whose
tests run in order and share it). Startup waits on readiness signals only:
both workers of each node report every duty started, then nginx answers
/v1/ready. The test process talks to the same database directly to create
users and API keys and to check what was written.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.cluster.harness import NGINX, Nginx, Node
from tests.conftest import PG_ADMIN_URL, REDIS_URL, free_port

START_TIMEOUT_S = 240  # two cores shared by many: a node can take a minute to import


@dataclass
class Cluster:
    db_url: str
    a: Node
    b: Node
    nginx: Nginx
    admin_key: str
    session_token: str  # a signed-in dispatcher, for board tabs

    @property
    def nodes(self) -> list[Node]:
        return [self.a, self.b]

    def node_at(self, upstream: str) -> Node:
        return next(n for n in self.nodes if n.address == upstream)

    def node_of_pid(self, pid: int) -> Node:
        return next(n for n in self.nodes if pid in n.pids())

    def logs(self) -> str:
        parts = []
        for node in self.nodes:
            parts.append(f"--- node {node.name} ---\n" + "\n".join(
                node.log_path.read_text(errors="replace").splitlines()[-40:]))
        return "\n".join(parts)


def _node_env(name: str, db_url: str, prefix: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SETY_") and k != "PYTEST_CURRENT_TEST"}
    env.update({
        "SETY_NODE_ID": name,
        "SETY_DATABASE_URL": db_url,
        "SETY_REDIS_URL": REDIS_URL,
        "SETY_REDIS_PREFIX": prefix,
        "SETY_WEBHOOK_ALLOW_PRIVATE": "1",
        # A killed node's deliveries are taken over after this lease (kept longer
        # than the 10 s attempt deadline, as in production, so a slow attempt is
        # never sent twice in the normal case).
        "SETY_WEBHOOK_LEASE_S": "15",
        "SETY_WEBHOOK_POLL_S": "0.5",
        "SETY_SLA_TICK_S": "0.5",
        "SETY_LIVE_SWEEP_S": "2",
        "SETY_RATE_LIMIT_PER_MIN": "100000",
        # Reflex: the compiled app is not needed (no frontend is served here).
        "__REFLEX_SKIP_COMPILE": "true",
        "REFLEX_ENV_MODE": "prod",
        "REFLEX_TELEMETRY_ENABLED": "false",
    })
    return env


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    from sety_dashboard.cli import db_upgrade
    from sety_dashboard.core import db as db_mod
    from sety_dashboard.core.db import write_session
    from sety_dashboard.core.settings import reset_settings
    from sety_dashboard.domain.keys.service import CreateApiKeyRequest, create_key
    from sety_dashboard.domain.users.service import CreateUserRequest, create_user, sign_in

    if not Path(NGINX).exists():
        pytest.fail(f"nginx not found at {NGINX}: `apt-get install nginx` (the Makefile does)")
    run = uuid.uuid4().hex[:10]
    name = f"sety_cluster_{run}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    work = tmp_path_factory.mktemp("cluster")
    nodes: list[Node] = []
    nginx: Nginx | None = None
    mp = pytest.MonkeyPatch()
    engines = (db_mod._engine, db_mod._write_engine)  # given back afterwards
    try:
        db_upgrade(db_url)
        prefix = f"sety_cluster_{run}"
        nodes = [Node(n, free_port(), _node_env(f"node-{n}", db_url, prefix), work / f"{n}.log")
                 for n in ("a", "b")]
        started = time.monotonic()
        for node in nodes:
            node.start()
        for node in nodes:
            node.wait_ready(START_TIMEOUT_S)
        nginx = Nginx(free_port(), nodes, work / "nginx")
        nginx.work.mkdir()
        nginx.start()
        nginx.wait_ready(60)
        print(f"\n[cluster] nodes {[n.url for n in nodes]} behind {nginx.url}, "
              f"up in {time.monotonic() - started:.1f}s; logs in {work}")

        # The test process reaches the same database directly.
        mp.setenv("SETY_DATABASE_URL", db_url)
        reset_settings()
        db_mod.configure(db_url)
        with write_session() as session:
            _, key = create_key(session, request=CreateApiKeyRequest(name="cluster",
                                                                     scopes=["admin"]))
            create_user(session, request=CreateUserRequest(
                email="dispatch@cluster.example.com", name="Cluster Dispatcher",
                role="dispatcher", password="correct horse battery"))
        with write_session() as session:
            token = sign_in(session, email="dispatch@cluster.example.com",
                            password="correct horse battery")[1]
        yield Cluster(db_url, nodes[0], nodes[1], nginx, key, token)
    finally:
        if nginx is not None:
            nginx.stop()
        for node in nodes:
            node.stop()
        if db_mod._engine is not None and db_mod._engine is not engines[0]:
            db_mod._engine.dispose()
        db_mod._engine, db_mod._write_engine = engines
        mp.undo()
        reset_settings()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        shutil.rmtree(work / "nginx" / "proxy", ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call":
        item.rep_call = rep  # type: ignore[attr-defined]
