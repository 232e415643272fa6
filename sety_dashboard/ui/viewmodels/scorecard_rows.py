"""Scorecards reshaped for display (no Reflex here): every duration in the one
format the room uses (`format_duration`: `6 s`, `5 min 5 s`, `1 h`), every
result in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sety_dashboard.ui.viewmodels.durations import format_duration

STAGE_LABELS = {"acknowledge": "Acknowledge", "dispatch": "Dispatch", "on_scene": "On scene",
                "resolve": "Resolve"}


def duration(seconds: int | None) -> str:
    return "—" if seconds is None else format_duration(int(seconds))


@dataclass
class StageRow:
    stage: str = ""
    label: str = ""
    target: str = ""
    took: str = ""
    result: str = ""
    # green (met), red (missed), gray (no target or not reached)
    tone: str = "gray"


@dataclass
class Card:
    incident_id: str = ""
    headline: str = ""
    stages: list[StageRow] = field(default_factory=list)
    has_muster: bool = False
    muster_line: str = ""
    muster_done: str = ""
    muster_tone: str = "gray"
    notes: str = ""
    responders: str = ""


def stage_row(stage: dict[str, Any]) -> StageRow:
    met = stage["met"]
    if stage["took_s"] is None:
        result = "Missed: not reached in time" if met is False else "Not reached"
    elif stage["due_s"] is None:
        result = "No target"
    else:
        result = "Met" if met else "Missed"
    tone = "green" if met is True else "red" if met is False else "gray"
    return StageRow(stage=stage["stage"], label=STAGE_LABELS.get(stage["stage"], stage["stage"]),
                    target=duration(stage["due_s"]) if stage["due_s"] is not None else "No target",
                    took=duration(stage["took_s"]), result=result, tone=tone)


def headline(card: dict[str, Any]) -> str:
    kind = "Drill" if card["is_drill"] else "Incident"
    took = duration(card["duration_s"])
    if card["ended"] is None:
        return f"{kind} still open after {took}"
    return f"{kind} {card['ended']} after {took}"


def muster_words(m: dict[str, Any]) -> tuple[str, str, str]:
    """(who was accounted for, when the roll call was complete, tone)."""
    if m["on_site"] == 0:
        return f"Nobody was checked in at {m['site']}", "No roll call needed", "gray"
    line = (f"{m['accounted']} of {m['on_site']} on site at {m['site']} accounted for "
            f"({m['accounted_pct']} %)")
    if m["completed_after_s"] is None:
        return line, "Roll call not completed", "red"
    return line, f"Everyone accounted for after {duration(m['completed_after_s'])}", "green"


def card_from(card: dict[str, Any]) -> Card:
    m = card.get("muster")
    line, done, tone = muster_words(m) if m else ("", "", "gray")
    notes, responders = card["notes"], card["responders"]
    return Card(
        incident_id=card["incident_id"], headline=headline(card),
        stages=[stage_row(s) for s in card["stages"]], has_muster=m is not None,
        muster_line=line, muster_done=done, muster_tone=tone,
        notes=f"{notes} note{'s' if notes != 1 else ''}",
        responders=f"{responders} responder{'s' if responders != 1 else ''}")


@dataclass
class DrillRow:
    """One drill on the drills page: the four measures side by side."""

    incident_id: str = ""
    title: str = ""
    started: str = ""
    ended: str = ""
    acknowledge: StageRow = field(default_factory=StageRow)
    dispatch: StageRow = field(default_factory=StageRow)
    on_scene: StageRow = field(default_factory=StageRow)
    muster: str = ""
    muster_tone: str = "gray"


@dataclass
class SiteDrills:
    site: str = ""
    drills: list[DrillRow] = field(default_factory=list)


def drill_row(d: dict[str, Any]) -> DrillRow:
    stages = {s["stage"]: stage_row(s) for s in d["stages"]}
    m = d["muster"]
    if m is None:
        muster, tone = "No site", "gray"
    elif m["on_site"] == 0:
        muster, tone = "Nobody on site", "gray"
    elif m["completed_after_s"] is None:
        muster, tone = f"Incomplete: {m['accounted']} of {m['on_site']}", "red"
    else:
        people = "1 person" if m["on_site"] == 1 else f"{m['on_site']} people"
        muster, tone = f"{duration(m['completed_after_s'])} ({people})", "green"
    ended = "Still running" if d["ended"] is None else (
        f"{d['ended'].capitalize()} after {duration(d['duration_s'])}")
    return DrillRow(incident_id=d["incident_id"], title=d["title"],
                    started=d["created_at"], ended=ended,
                    acknowledge=stages["acknowledge"], dispatch=stages["dispatch"],
                    on_scene=stages["on_scene"], muster=muster, muster_tone=tone)


def site_groups(sites: list[dict[str, Any]]) -> list[SiteDrills]:
    return [SiteDrills(site=g["site"], drills=[drill_row(d) for d in g["drills"]]) for g in sites]


@dataclass
class PlannedRow:
    drill_id: str = ""
    title: str = ""
    template: str = ""
    starts: str = ""
    planned_by: str = ""
