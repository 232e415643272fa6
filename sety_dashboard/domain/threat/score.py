"""The safety score of a place at a time of day: 0–100, 100 safest.

1. Local density: incidents within `radius_m`, each weighted by severity ×
   recency × a quartic distance kernel, per km² (kernel density estimation).
2. Relative risk: that density divided by the baseline, the average density
   of the places in the data set that have incidents at all (baseline.py).
3. Time of day: multiplied by how much more (or less) of the place's
   incidents fall near the hour of `at` than an even spread would put there.
4. Near repeat: raised 5 % per incident within 400 m in the last 60 days
   (at most +50 %).
5. Score = 100 / (1 + (risk / 2)^0.6); open safe zones within the radius
   add 3 points each (at most 10).
6. Danger zone: a place inside a danger zone scores at most the cap of the
   zone's risk level (weights.ZONE_CAPS), whatever steps 1–5 gave.

Each step's change of the score is one factor, so the factors add up to
`score − 100`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import h3.api.basic_int as h3i
import numpy as np
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.core.timefmt import as_utc, iso
from sety_dashboard.domain.threat import weights as W
from sety_dashboard.domain.threat.baseline import ZONE_RES, Baseline, baseline_for
from sety_dashboard.domain.threat.geometry import check_point, disk_cover, haversine_m
from sety_dashboard.domain.threat.place_zone import place_zone
from sety_dashboard.domain.threat.points import Points, fetch_points, local_hours_weekdays
from sety_dashboard.domain.threat.safe_zones import is_open, safe_zones_near
from sety_dashboard.domain.threat.window import ThreatWindow, check_radius
from sety_dashboard.domain.threat.zones import ZoneCore, zone_cells_of

DEFAULT_RADIUS_M = 500.0


def local_hour_of(at: datetime) -> int:
    return int(local_hours_weekdays(np.array([as_utc(at).timestamp()]))[0][0])


@dataclass(frozen=True)
class Assessment:
    score: float
    ratio: float
    factors: list[dict[str, Any]]

    def view_fields(self) -> dict[str, Any]:
        grade, level = W.safety_level(self.score)
        return {"score": round(self.score, 1), "grade": grade, "level": level,
                "factors": self.factors, "relative_risk": round(self.ratio, 3)}


def assess(*, density_ratio: float, density_detail: str, hour_mult: float, at_hour: int,
           near_repeat: int, open_zones: list[str] | None = None,
           danger_zones: list[ZoneCore] | None = None, where: str = "here") -> Assessment:
    """Turn the measured quantities into a score and the factors behind it."""
    factors: list[dict[str, Any]] = []

    def add(name: str, before: float, after: float, detail: str) -> None:
        factors.append({"name": name, "impact": round(after - before, 1), "detail": detail})

    s0 = 100.0
    s1 = W.safety_from_ratio(density_ratio)
    add("incident_density", s0, s1, density_detail)
    ratio = density_ratio * hour_mult
    s2 = W.safety_from_ratio(ratio)
    if density_ratio > 0 and not math.isclose(hour_mult, 1.0):
        word = "more" if hour_mult > 1 else "less"
        add("time_of_day", s1, s2, f"around {at_hour:02d}:00 incidents here are {hour_mult:.2f}× "
                                   f"as frequent as at an average hour ({word} risk)")
    nr = W.near_repeat_multiplier(near_repeat)
    ratio *= nr
    s3 = W.safety_from_ratio(ratio)
    if near_repeat:
        add("near_repeat", s2, s3,
            f"{near_repeat} incident{'s' if near_repeat != 1 else ''} within "
            f"{int(W.NEAR_REPEAT_M)} m in the last {int(W.NEAR_REPEAT_DAYS)} days raise near-term "
            f"risk by {round((nr - 1) * 100)} %")
    s4 = s3
    if open_zones:
        s4 = min(100.0, s3 + min(W.SAFE_ZONE_MAX_POINTS, W.SAFE_ZONE_POINTS * len(open_zones)))
        names = ", ".join(open_zones[:3]) + (" …" if len(open_zones) > 3 else "")
        add("safe_zones", s3, s4, f"{len(open_zones)} open safe zone"
                                  f"{'s' if len(open_zones) != 1 else ''} nearby: {names}")
    s5 = s4
    if danger_zones:
        # The worst zone sets the cap; it is applied last so nothing (not
        # even a police station next door) lifts a place above it.
        zone = min(danger_zones, key=lambda z: (z.cap, z.zone_id))
        s5 = min(s4, zone.cap)
        add("danger_zone", s4, s5,
            f"{where} is inside the danger zone {zone.label()} ({zone.risk_level}, "
            f"{zone.incident_count} incidents): a place in a {zone.risk_level} zone scores at "
            f"most {zone.cap:.0f}")
    return Assessment(score=max(0.0, min(100.0, s5)), ratio=ratio, factors=factors)


def density_detail(count: int, radius_m: float, days: float, ratio: float) -> str:
    if count == 0:
        return f"no incidents within {int(radius_m)} m in the last {round(days)} days"
    return (f"{count} incident{'s' if count != 1 else ''} within {int(radius_m)} m in the last "
            f"{round(days)} days; weighted density {ratio:.2f}× the average of places with "
            "incidents")


def near_repeats(points: Points, distance_m: np.ndarray, ref_epoch: float) -> int:
    recent = points.age_days(ref_epoch) <= W.NEAR_REPEAT_DAYS
    return int(((distance_m <= W.NEAR_REPEAT_M) & recent).sum())


def score_place(points: Points, base: Baseline, *, lat: float, lng: float, radius: float,
                at_hour: int, ref: float, zones: list[ZoneCore], window_days: float,
                open_zones: list[str] | None = None) -> tuple[Assessment, int]:
    """The score of a place from the incidents around it (no database: the
    caller fetched `points`, found `zones` and the open safe zones). Returns
    the assessment and the number of incidents within `radius`."""
    dist = haversine_m(lat, lng, points.lat, points.lng)
    inside = dist <= radius
    local = points.subset(inside)
    w = local.weights(ref) * W.quartic_kernel(dist[inside], radius)
    area_km2 = math.pi * (radius / 1000.0) ** 2 * W.QUARTIC_AREA_FACTOR
    ratio = (float(w.sum()) / area_km2) / base.weight_density if base.weight_density else 0.0
    hours = local_hours_weekdays(local.t)[0]
    result = assess(density_ratio=ratio, density_detail=density_detail(len(local), radius,
                                                                       window_days, ratio),
                    hour_mult=W.hour_multiplier(w, hours, at_hour), at_hour=at_hour,
                    near_repeat=near_repeats(points, dist, ref), open_zones=open_zones,
                    danger_zones=[z for z in zones if z.contains(lat, lng)],
                    where="this place")
    return result, len(local)


def safety_score(session: Session, *, lat: float, lng: float, radius_m: float | None,
                 at: datetime | None, window: ThreatWindow) -> dict[str, Any]:
    check_point(lat, lng)
    radius = check_radius(radius_m if radius_m is not None else DEFAULT_RADIUS_M)
    now = clock.now()
    at = as_utc(at) if at is not None else now
    at_hour = local_hour_of(at)
    ref = window.until_epoch

    reach = max(radius, W.NEAR_REPEAT_M)
    cover = disk_cover(lat, lng, reach)
    points = fetch_points(session, cover, window)
    base = baseline_for(session, window)
    zones: list[ZoneCore] = []
    # Only an occupied cell can be hot, so a place whose own resolution-9
    # cell holds no incident lies in no danger zone. Otherwise follow the
    # zone on the current data from every cell's sums (place_zone.py: the
    # hour's zones and sums and what changed since), however far it
    # reaches, without reading its incidents.
    cell9 = h3i.latlng_to_cell(lat, lng, ZONE_RES)
    if len(points) and bool((zone_cells_of(points) == cell9).any()):
        zone = place_zone(session, base, window, cell9)
        zones = [zone] if zone is not None else []
    open_zones = [z.name for z, _ in safe_zones_near(session, lat=lat, lng=lng, radius_m=radius)
                  if is_open(z, at_hour)]
    result, nearby = score_place(points, base, lat=lat, lng=lng, radius=radius, at_hour=at_hour,
                                 ref=ref, zones=zones, window_days=window.days,
                                 open_zones=open_zones)
    return {
        **result.view_fields(),
        "nearby_incidents": nearby,
        "radius_m": radius,
        "at": iso(at),
        "computed_at": iso(now),
        "location": {"coordinates": [lng, lat]},
        "period": window.period(),
    }
