"""The shift handover page's state (`/handover`, the dispatch roles): what is
open, which deadlines the shift missed, and the notes for the next shift.
Rules and figures in `domain/incidents/handover.py`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents import handover
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.fields import TypedFields
from sety_dashboard.ui.state.report import Report
from sety_dashboard.ui.viewmodels.scorecard_rows import STAGE_LABELS, duration


def _read(hours: int) -> dict[str, Any]:
    with read_session() as session:
        data = handover.handover(session, shift_hours=hours)
    return {
        "since": data["since"],  # ISO times: the page shows them in local time
        "open": [{"id": o["incident_id"], "title": o["title"], "severity": o["severity"],
                  "status": o["status"].replace("_", " "), "age": duration(o["age_s"]),
                  "drill": "DRILL" if o["is_drill"] else ""} for o in data["open"]],
        "breached": [{"id": b["incident_id"], "title": b["title"],
                      "stage": STAGE_LABELS.get(b["stage"], b["stage"]),
                      "due": b["due_at"],
                      "status": b["status"].replace("_", " "),
                      "drill": "DRILL" if b["is_drill"] else ""} for b in data["breached"]],
        "notes": [{"id": n["note_id"], "message": n["message"], "author": n["author_name"],
                   "at": n["created_at"]} for n in data["notes"]],
    }


class HandoverState(Report, TypedFields, AuthState):
    def _typed_fields(self) -> tuple[str, ...]:
        return ("note_text",)

    def _recompute_every_s(self) -> float:
        return 3.0

    hours: str = "8"
    since: str = ""
    open_rows: list[dict[str, str]] = []
    breached_rows: list[dict[str, str]] = []
    notes: list[dict[str, str]] = []
    note_text: str = ""
    busy: bool = False

    @rx.event
    async def load(self):
        return await self._open(can_dispatch, follow_board=True)

    async def _compute(self) -> None:
        data = await asyncio.to_thread(_read, int(self.hours))
        self.since = data["since"]
        self.open_rows, self.breached_rows, self.notes = (data["open"], data["breached"],
                                                          data["notes"])

    @rx.event
    async def set_hours(self, value: str | list[str]):
        await self._choose("hours", value, ("8", "12"))

    @rx.event
    async def add_note(self, form: dict[str, Any] | None = None):
        message = str((form or {}).get("message", self.note_text))
        self.busy = True
        yield
        done = await self.act(can_dispatch, lambda s, a: handover.add_note(
            s, message=message, actor=a).id)
        self.busy = False
        if done is None:
            yield self.refused()
            return
        self.note_text = ""
        await self._refresh()
        yield rx.toast.success("Note left for the next shift.")
