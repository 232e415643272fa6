"""Background duties every app process runs while the app is up.

Registered with Reflex as lifespan tasks by the app module
(sety_dashboard/sety_dashboard.py; the mounted API's own lifespan hooks
never run). A new background job adds itself here. A task that needs the
Reflex app takes an `app` parameter (Reflex passes it).

Only duties below the UI live here: this package must not import `ui/`.
The dashboard's own per-process task (the live bridge from the bus to this
process's tabs) is registered by the app module next to these.

Each duty says how it runs once per cluster (`guard`, see core/duties.py):
the SLA ticker under a PostgreSQL advisory lock, webhook delivery under
per-delivery leases, the baseline warmer per process (a local cache).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from sety_dashboard.webhooks.worker import run_webhook_worker
from sety_dashboard.workers.drill_scheduler import run_drill_scheduler
from sety_dashboard.workers.sla_ticker import run_sla_ticker
from sety_dashboard.workers.threat_warmer import run_threat_baseline_warmer

Task = Callable[..., Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class Duty:
    name: str
    guard: str  # "advisory_lock" | "leases" | "claims" | "none"
    task: Task


def duties() -> list[Duty]:
    return [Duty("sla_ticker", "advisory_lock", run_sla_ticker),
            Duty("webhooks", "leases", run_webhook_worker),
            Duty("threat_warmer", "none", run_threat_baseline_warmer),
            Duty("drill_scheduler", "claims", run_drill_scheduler)]


def background_tasks() -> list[Task]:
    return [d.task for d in duties()]
