"""The board's ranking rule, as a table: each case is a set of incidents and
the order a dispatcher must see them in (domain/incidents/triage.py)."""

from __future__ import annotations

from typing import Any

import pytest

from sety_dashboard.domain.incidents.triage import (
    LATE,
    WAITING,
    attention,
    needs_alert,
    stage_window,
    urgency_key,
)


def inc(name: str, *, severity: str = "critical", status: str = "created", drill: bool = False,
        created: str = "2026-12-01T10:00:00Z", resolve_due: str = "2026-12-01T11:00:00Z",
        breached: tuple[str, ...] = ()) -> dict[str, Any]:
    acked = status != "created"
    dispatched = status in ("dispatched", "on_scene")
    return {
        "incident_id": name, "severity": severity, "status": status, "is_drill": drill,
        "created_at": created,
        "sla": {"acknowledged_at": "x" if acked else None,
                "dispatched_at": "x" if dispatched else None,
                "acknowledge_due_at": "2026-12-01T10:00:15Z",
                "dispatch_due_at": "2026-12-01T10:01:00Z",
                "resolve_due_at": resolve_due,
                **{f"{s}_breached": True for s in breached}},
    }


CASES = [
    ("untouched critical beats dispatched work whose resolve deadline passed",
     [inc("late-work", status="dispatched", resolve_due="2026-12-01T09:00:00Z",
          breached=("resolve",)),
      inc("sos")],
     ["sos", "late-work"]),
    ("unacknowledged low beats acknowledged critical",
     [inc("acked-crit", status="acknowledged"), inc("new-low", severity="low")],
     ["new-low", "acked-crit"]),
    ("unacknowledged: severity first, then the oldest",
     [inc("high-old", severity="high", created="2026-12-01T09:00:00Z"),
      inc("crit-young", created="2026-12-01T10:05:00Z"),
      inc("crit-old", created="2026-12-01T10:00:00Z")],
     ["crit-old", "crit-young", "high-old"]),
    ("a drill ranks below a real incident of the same group and severity, even if older",
     [inc("drill", drill=True, created="2026-12-01T08:00:00Z"), inc("real")],
     ["real", "drill"]),
    ("but an unacknowledged critical drill still ranks above a real high one",
     [inc("real-high", severity="high"), inc("drill-crit", drill=True)],
     ["drill-crit", "real-high"]),
    ("acknowledged, not dispatched, beats work in progress",
     [inc("on-scene", status="on_scene", resolve_due="2026-12-01T09:00:00Z"),
      inc("to-dispatch", severity="low", status="acknowledged")],
     ["to-dispatch", "on-scene"]),
    ("work in progress by its next deadline, whatever the severity",
     [inc("crit-later", status="dispatched", resolve_due="2026-12-01T12:00:00Z"),
      inc("low-sooner", severity="low", status="on_scene", resolve_due="2026-12-01T10:30:00Z")],
     ["low-sooner", "crit-later"]),
    ("work in progress: a drill never pushes a real one down",
     [inc("drill-soon", drill=True, status="dispatched", resolve_due="2026-12-01T10:10:00Z"),
      inc("real-later", status="dispatched", resolve_due="2026-12-01T12:00:00Z")],
     ["real-later", "drill-soon"]),
]


@pytest.mark.parametrize(("why", "incidents", "expected"), CASES, ids=[c[0] for c in CASES])
def test_ranking(why: str, incidents: list[dict[str, Any]], expected: list[str]) -> None:
    for ordering in (incidents, list(reversed(incidents))):
        got = [i["incident_id"] for i in sorted(ordering, key=urgency_key)]
        assert got == expected, why


ATTENTION = [
    ("new, in time", inc("a"), ""),
    ("acknowledge overdue", inc("a", breached=("acknowledge",)), WAITING),
    ("dispatch overdue", inc("a", status="acknowledged", breached=("acknowledge", "dispatch")),
     WAITING),
    ("acknowledged late but now in time to dispatch",
     inc("a", status="acknowledged", breached=("acknowledge",)), ""),
    ("resolve overdue while responders work", inc("a", status="on_scene",
                                                 breached=("resolve",)), LATE),
    ("closed: nothing to flag", inc("a", status="resolved", breached=("resolve",)), ""),
]


@pytest.mark.parametrize(("why", "view", "expected"), ATTENTION, ids=[c[0] for c in ATTENTION])
def test_attention(why: str, view: dict[str, Any], expected: str) -> None:
    assert attention(view) == expected, why


def test_alert_and_countdown_window() -> None:
    assert needs_alert(inc("a"))
    assert not needs_alert(inc("a", status="acknowledged"))
    assert not needs_alert(inc("a", status="cancelled"))
    assert stage_window(inc("a")) == ("acknowledge", "2026-12-01T10:00:00Z",
                                      "2026-12-01T10:00:15Z")
    assert stage_window(inc("a", status="on_scene"))[2] == "2026-12-01T11:00:00Z"
    assert stage_window(inc("a", status="resolved")) == ("", "", "")
