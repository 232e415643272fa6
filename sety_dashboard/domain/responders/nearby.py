"""Who to send: the on-duty responders ranked for one incident.

Each candidate carries what the dispatcher weighs: available or already on
N open incidents, role, straight-line distance from the incident and a
rough ETA. Order: nearby before far away (another city), then available
before busy, then nearest first; a unit with no known position sits after
the nearby ones. The dashboard's pickers (board and incident page) show
this list as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sety_dashboard.domain.incidents.lifecycle import OPEN
from sety_dashboard.domain.incidents.models import Assignment, Incident
from sety_dashboard.domain.responders.models import Responder
from sety_dashboard.domain.threat.geometry import haversine_m

# A rough city speed for "about N min" (straight line, so it is a floor).
CITY_KMH = 30.0
# Further than this is another city: listed last, whatever else.
FAR_KM = 50.0


@dataclass(frozen=True)
class Candidate:
    responder_id: str
    name: str
    role: str
    unit: str
    phone: str
    open_incidents: int
    distance_km: float | None
    eta_min: int | None

    @property
    def available(self) -> bool:
        return self.open_incidents == 0

    @property
    def far(self) -> bool:
        return self.distance_km is not None and self.distance_km > FAR_KM

    @property
    def state(self) -> str:
        """"available" or "on N incidents" (words for the picker)."""
        if self.available:
            return "available"
        n = self.open_incidents
        return f"on {n} incident{'s' if n != 1 else ''}"

    def sort_key(self) -> tuple[int, int, int, float]:
        return (1 if self.far else 0, 1 if self.distance_km is None else 0,
                0 if self.available else 1, self.distance_km or 0.0)


def rough_eta_min(distance_km: float) -> int:
    return max(1, math.ceil(distance_km / CITY_KMH * 60))


def _busy_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Assignment.responder_id, func.count(func.distinct(Assignment.incident_id)))
        .join(Incident, Incident.id == Assignment.incident_id)
        .where(Assignment.status != "released", Incident.status.in_(OPEN))
        .group_by(Assignment.responder_id))
    return {rid: int(n) for rid, n in rows}


def candidates_for(session: Session, *, lat: float, lng: float,
                   exclude_incident: str | None = None, limit: int = 200) -> list[Candidate]:
    """On-duty responders for an incident at (lat, lng), best first.

    `exclude_incident`: responders already active on that incident are left
    out (assigning them again would change nothing)."""
    busy = _busy_counts(session)
    already: set[str] = set()
    if exclude_incident:
        already = set(session.execute(
            select(Assignment.responder_id).where(Assignment.incident_id == exclude_incident,
                                                  Assignment.status != "released")).scalars())
    out = []
    for r in session.execute(select(Responder).where(Responder.on_duty.is_(True))
                             .order_by(Responder.name).limit(limit)).scalars():
        if r.id in already:
            continue
        distance = None
        if r.lat is not None and r.lng is not None:
            distance = float(haversine_m(lat, lng, r.lat, r.lng)) / 1000.0
        out.append(Candidate(
            responder_id=r.id, name=r.name, role=r.role or "", unit=r.unit or "",
            phone=r.phone or "", open_incidents=busy.get(r.id, 0),
            distance_km=None if distance is None else round(distance, 1),
            eta_min=None if distance is None else rough_eta_min(distance)))
    out.sort(key=Candidate.sort_key)
    return out
