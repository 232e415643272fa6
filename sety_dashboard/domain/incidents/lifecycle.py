"""The incident lifecycle: which status may follow which.

created → acknowledged → dispatched → on_scene → resolved, and cancelled
from any non-terminal status. Forward jumps are allowed; going back, or
leaving resolved/cancelled, is refused.
"""

from __future__ import annotations

from sety_dashboard.domain.errors import InvalidTransition

ORDER = ("created", "acknowledged", "dispatched", "on_scene", "resolved")
TERMINAL = ("resolved", "cancelled")
OPEN = ("created", "acknowledged", "dispatched", "on_scene")
ASSIGNMENT_ORDER = ("assigned", "en_route", "on_scene", "released")


def rank(status: str) -> int:
    return ORDER.index(status)


def require_open(status: str, action: str) -> None:
    if status in TERMINAL:
        raise InvalidTransition(f"cannot {action}: the incident is already {status}")


def advances(current: str, target: str) -> bool:
    """True when moving to `target` is a step forward (so the status changes)."""
    return current not in TERMINAL and rank(target) > rank(current)


def check_assignment_move(current: str, target: str) -> None:
    if current == "released":
        raise InvalidTransition("the assignment is already released")
    if ASSIGNMENT_ORDER.index(target) <= ASSIGNMENT_ORDER.index(current):
        raise InvalidTransition(f"an assignment cannot go from {current} to {target}")


def already_acknowledged(status: str) -> bool:
    """Open but past `created`: someone acknowledged it (or moved it further)."""
    return status not in TERMINAL and status != "created"


def assignment_moves(assignment_status: str, incident_status: str) -> list[str]:
    """Where a responder's assignment may go next. Once the incident is
    closed, the only move left is to release the responder."""
    if assignment_status not in ASSIGNMENT_ORDER or assignment_status == "released":
        return []
    ahead = list(ASSIGNMENT_ORDER[ASSIGNMENT_ORDER.index(assignment_status) + 1:])
    if incident_status in TERMINAL:
        return [m for m in ahead if m == "released"]
    return ahead


# Severities whose resolution must say what happened (the dashboard requires
# notes for these; the API keeps notes optional, as API.md promises).
NOTES_REQUIRED_FOR = ("critical", "high")


def resolution_notes_required(severity: str) -> bool:
    return severity in NOTES_REQUIRED_FOR
