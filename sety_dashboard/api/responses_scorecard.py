"""Response models of the scorecard endpoint (../shared/API.md, "Scorecard")."""

from __future__ import annotations

from pydantic import BaseModel


class ScorecardStageOut(BaseModel):
    stage: str
    due_s: int | None
    took_s: int | None
    met: bool | None


class ScorecardMusterOut(BaseModel):
    site: str
    on_site: int
    accounted: int
    accounted_pct: int | None
    completed_after_s: int | None


class ScorecardOut(BaseModel):
    incident_id: str
    is_drill: bool
    severity: str
    site: str | None
    ended: str | None
    duration_s: int
    stages: list[ScorecardStageOut]
    muster: ScorecardMusterOut | None
    notes: int
    responders: int
