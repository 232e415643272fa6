"""Roll-call cards: one muster (who was inside when an emergency began, who is
accounted for) as the desk, the incident page and the printed roll call show
it (no Reflex here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sety_dashboard.domain.incidents import lifecycle

KIND_LABELS = {"sos": "SOS", "fire": "Fire"}


@dataclass
class MusterPerson:
    log_id: str = ""
    name: str = ""
    phone: str = ""
    host: str = ""
    inside: bool = True
    check_out_at: str = ""
    accounted: bool = False
    accounted_at: str = ""
    accounted_by: str = ""


@dataclass
class MusterCard:
    incident_id: str = ""
    kind: str = ""
    site: str = ""
    started_at: str = ""
    is_drill: bool = False
    is_open: bool = True
    count: int = 0
    accounted: int = 0
    missing: int = 0
    people: list[MusterPerson] = field(default_factory=list)


def card_from_view(view: dict[str, Any]) -> MusterCard:
    """A muster view as a card: people still to find first, then by name."""
    people = [MusterPerson(
        log_id=r["log_id"], name=r.get("visitor_name") or "", phone=r.get("visitor_phone") or "",
        host=r.get("host_name") or "", inside=r.get("status") == "checked_in",
        check_out_at=r.get("check_out_at") or "", accounted=bool(r.get("accounted")),
        accounted_at=r.get("accounted_at") or "", accounted_by=r.get("accounted_by") or "")
        for r in view.get("data") or []]
    people.sort(key=lambda p: (p.accounted, p.name.casefold()))
    return MusterCard(
        incident_id=view["incident_id"], kind=KIND_LABELS.get(view.get("category") or "", "Alert"),
        site=view.get("site") or "", started_at=view.get("started_at") or "",
        is_drill=bool(view.get("is_drill")),
        is_open=view.get("incident_status") in lifecycle.OPEN,
        count=int(view.get("count") or 0), accounted=int(view.get("accounted") or 0),
        missing=int(view.get("missing") or 0), people=people)
