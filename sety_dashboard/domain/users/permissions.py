"""What each dashboard role may do: the one place these rules live."""

from __future__ import annotations

DISPATCH_ROLES = ("dispatcher", "supervisor", "admin")
VISITOR_ROLES = ("front_desk", "supervisor", "admin")
THREAT_ROLES = ("dispatcher", "supervisor", "admin")
ANALYTICS_ROLES = ("supervisor", "admin")
ADMIN_ROLES = ("admin",)
# A unit in the field: sees only its own assignments (/me) and the incidents
# behind them; which assignment is whose is checked in domain/responders/duty.py.
RESPONDER_ROLES = ("responder",)


def can_dispatch(role: str | None) -> bool:
    return role in DISPATCH_ROLES


def can_cancel_drills(role: str | None) -> bool:
    return role in ("supervisor", "admin")


def can_start_drills(role: str | None) -> bool:
    return role in ("supervisor", "admin")


def can_manage_sla(role: str | None) -> bool:
    return role in ("supervisor", "admin")


def can_use_visitor_board(role: str | None) -> bool:
    return role in VISITOR_ROLES


def can_see_all_sites(role: str | None) -> bool:
    """The visitor board across every site (a front desk sees its own)."""
    return role in ("supervisor", "admin")


def can_take_muster(role: str | None) -> bool:
    """Tick people off an emergency's muster list: the dispatch roles on the
    incident page, the front desk on the visitor board."""
    return role in DISPATCH_ROLES or role in VISITOR_ROLES


def can_see_threat_map(role: str | None) -> bool:
    return role in THREAT_ROLES


def can_see_analytics(role: str | None) -> bool:
    return role in ANALYTICS_ROLES


def is_admin(role: str | None) -> bool:
    return role in ADMIN_ROLES


def is_responder(role: str | None) -> bool:
    return role in RESPONDER_ROLES
