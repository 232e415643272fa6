"""Background tasks every worker process runs while the app is up.

Registered with Reflex as lifespan tasks (the mounted API's own lifespan
hooks never run). A new background job adds itself here. A task that needs
the Reflex app takes an `app` parameter (Reflex passes it).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from sety_dashboard.ui.live import run_live_bridge
from sety_dashboard.webhooks.worker import run_webhook_worker
from sety_dashboard.workers.drill_scheduler import run_drill_scheduler
from sety_dashboard.workers.sla_ticker import run_sla_ticker
from sety_dashboard.workers.threat_warmer import run_threat_baseline_warmer


def background_tasks() -> list[Callable[..., Coroutine[Any, Any, None]]]:
    return [run_sla_ticker, run_live_bridge, run_webhook_worker, run_threat_baseline_warmer,
            run_drill_scheduler]
