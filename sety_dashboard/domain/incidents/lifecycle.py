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
