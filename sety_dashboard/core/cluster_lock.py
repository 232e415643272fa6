"""A cluster-wide lock for a background duty: a PostgreSQL advisory lock.

Why an advisory lock and not a lease row: the lock belongs to one database
session, so it is released the moment that session ends — a node killed
with -9 loses it as soon as the kernel closes its socket (or, at worst,
when PostgreSQL's TCP keepalive notices a vanished machine), with no
expiry to tune and no clock to trust. The holder keeps one connection
checked out for as long as it holds the lock, and checks it every tick.

On SQLite there is one machine by definition; every process "holds" the
lock and the duties rely on their row locks (BEGIN IMMEDIATE) as before.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import Connection, text

from sety_dashboard.core.db import get_engine

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (what pg_try_advisory_lock takes)."""
    digest = hashlib.blake2b(f"sety:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class ClusterLock:
    """`hold()` once per tick: True while this process is the one that acts.

    Not thread-safe: one duty calls it from one thread at a time.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.key = lock_key(name)
        self._conn: Connection | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    def hold(self) -> bool:
        engine = get_engine()
        if engine.dialect.name != "postgresql":
            return True
        if self._conn is not None:
            try:
                # The lock lives as long as this session does: a live session holds it.
                self._conn.execute(text("SELECT 1"))
                return True
            except Exception:
                log.warning("lost the connection holding the %s lock", self.name)
                self._drop()
        try:
            conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except Exception:
            return False
        try:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                    {"k": self.key}).scalar())
        except Exception:
            got = False
        if not got:
            conn.close()
            return False
        log.info("this process now holds the %s lock", self.name)
        self._conn = conn
        return True

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
        except Exception:
            pass  # closing the session releases it anyway
        self._drop()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.invalidate()  # never return a session that may hold the lock to the pool
            except Exception:
                pass
            try:
                conn.close()
            except Exception:
                pass
