"""Which open incident needs a human first: the one ranking rule.

Works on the Incident view (the API / event object), so the dashboard, the
API and tests order the same way. Smaller keys are more urgent:

1. Real incidents nobody has acknowledged, by severity, then oldest first.
2. Acknowledged but not yet dispatched, by severity, then oldest first.
3. Work in progress (dispatched / on scene), by its next deadline (resolve),
   a passed one first, then severity, then oldest.

A drill always ranks below the real incidents of the same group and
severity (in group 3, below every real one: there the deadline decides, and
a drill's deadline must never push a real incident down).

Also here, because the board and the incident page must not restate them:
the SLA stage an incident waits on and the window its countdown spans, and
whether it is overdue on *our* side (acknowledge / dispatch late: "waiting
for us") or only late to close ("late but handled").
"""

from __future__ import annotations

from typing import Any

SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}

# Groups of the ranking rule (also the reason shown on the board).
UNACKNOWLEDGED, TO_DISPATCH, IN_PROGRESS, CLOSED = 0, 1, 2, 3

# Attention levels for styling rows and counting them.
WAITING = "waiting"   # acknowledge or dispatch deadline passed: a human must act now
LATE = "late"         # resolve deadline passed, but responders are on it


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


def stage_start(view: dict[str, Any], stage: str) -> str:
    """When a stage's clock started. Every deadline of a policy is counted
    from the incident's creation (sla.deadlines), so every stage starts
    there: the countdown's budget is creation → due."""
    del stage  # same for all three; kept so callers say which stage they mean
    return str(view.get("created_at") or "")


def stage_window(view: dict[str, Any]) -> tuple[str, str, str]:
    """(stage, start, due) of the countdown to show; ("", "", "") once closed."""
    stage = current_stage(view)
    if not stage:
        return "", "", ""
    return stage, stage_start(view, stage), str(next_deadline(view) or "")


def group(view: dict[str, Any]) -> int:
    stage = current_stage(view)
    if stage == "acknowledge":
        return UNACKNOWLEDGED
    if stage == "dispatch":
        return TO_DISPATCH
    if stage == "resolve":
        return IN_PROGRESS
    return CLOSED


def attention(view: dict[str, Any]) -> str:
    """WAITING, LATE or "" — from the SLA flags the view carries (the SLA
    ticker emits an event when a stage is breached, so they stay current)."""
    stage = current_stage(view)
    sla = view.get("sla") or {}
    if stage in ("acknowledge", "dispatch") and sla.get(f"{stage}_breached"):
        return WAITING
    if stage == "resolve" and sla.get("resolve_breached"):
        return LATE
    return ""


def needs_alert(view: dict[str, Any]) -> bool:
    """Open and nobody acknowledged it yet: every dispatcher's page says so."""
    return group(view) == UNACKNOWLEDGED


def urgency_key(view: dict[str, Any]) -> tuple[Any, ...]:
    """Sort key: smaller is more urgent. ISO times in one format sort as text."""
    g = group(view)
    severity = SEVERITY_RANK.get(str(view.get("severity")), 9)
    drill = 1 if view.get("is_drill") else 0
    created = str(view.get("created_at") or "")
    if g in (UNACKNOWLEDGED, TO_DISPATCH):
        return (g, severity, drill, "", created)
    return (g, drill, next_deadline(view) or "9999", severity, created)
