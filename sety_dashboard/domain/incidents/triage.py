"""Which open incident needs a dispatcher first.

Most urgent first: severity (critical before low), then the nearest SLA
deadline still ahead of the incident (a passed one is nearest of all), then
the oldest. Works on the Incident view (the API / event object), so the
dashboard, the API and tests order the same way.
"""

from __future__ import annotations

from typing import Any

SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def current_stage(view: dict[str, Any]) -> str | None:
    """The SLA stage the incident is waiting on (None once closed)."""
    if view.get("status") in ("resolved", "cancelled"):
        return None
    sla = view.get("sla") or {}
    if not sla.get("acknowledged_at"):
        return "acknowledge"
    if not sla.get("dispatched_at"):
        return "dispatch"
    return "resolve"


def next_deadline(view: dict[str, Any]) -> str | None:
    """ISO time of the current stage's deadline (None once closed)."""
    stage = current_stage(view)
    return (view.get("sla") or {}).get(f"{stage}_due_at") if stage else None


def urgency_key(view: dict[str, Any]) -> tuple[int, str, str]:
    """Sort key: smaller is more urgent. ISO times in one format sort as text."""
    return (SEVERITY_RANK.get(str(view.get("severity")), 9),
            next_deadline(view) or "9999", str(view.get("created_at") or ""))
