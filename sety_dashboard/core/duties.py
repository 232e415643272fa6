"""What this process's background duties are doing: for /v1/health and /v1/ready.

Every app process (each Granian worker of each node) runs the same
background duties (SLA ticker, webhook delivery, live bridge, …). Some must
act once per cluster, not once per process; each says here how it makes
sure of that (`guard`) and whether it currently may act (`holds`):

- `advisory_lock`: a PostgreSQL session advisory lock (core/cluster_lock.py);
  one process in the cluster holds it and acts, the others stand by and
  take over within a tick when the holder's connection goes away.
- `leases`: per-item leases in the database (webhook deliveries); every
  process works, no two on the same item. Always "holds".
- `claims`: each item is claimed by one conditional UPDATE (a planned drill
  starts once); every process works, no item twice. Always "holds".
- `none`: the duty is per process by nature (the live bridge pushes to this
  process's own dashboard tabs).

The app module declares the duties it registers; a duty marks itself
started when its task begins. The process is ready for traffic when every
declared duty has started (and the database answers).
"""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import asdict, dataclass

from sety_dashboard.core.settings import get_settings


@dataclass
class DutyState:
    guard: str  # "advisory_lock" | "leases" | "claims" | "none"
    started: bool = False
    holds: bool = False  # may act now (holds its cluster lock, or needs none)


_duties: dict[str, DutyState] = {}
_lock = threading.Lock()


def node_id() -> str:
    """SETY_NODE_ID, else hostname:pid (one id per process)."""
    return get_settings().node_id or f"{socket.gethostname()}:{os.getpid()}"


def declare(name: str, guard: str) -> None:
    """Say that this process will run the duty (the app module does, at import)."""
    with _lock:
        _duties.setdefault(name, DutyState(guard=guard, holds=guard != "advisory_lock"))


def mark_started(name: str, guard: str = "none") -> None:
    with _lock:
        state = _duties.setdefault(name, DutyState(guard=guard, holds=guard != "advisory_lock"))
        state.started = True


def set_holds(name: str, holds: bool) -> None:
    with _lock:
        if name in _duties:
            _duties[name].holds = holds


def snapshot() -> dict[str, dict[str, object]]:
    with _lock:
        return {name: asdict(state) for name, state in sorted(_duties.items())}


def all_started() -> tuple[bool, list[str]]:
    """(ready, names not started yet). Nothing declared counts as not ready."""
    with _lock:
        waiting = sorted(n for n, s in _duties.items() if not s.started)
        return bool(_duties) and not waiting, waiting


def reset() -> None:
    """Forget every duty (tests)."""
    with _lock:
        _duties.clear()
