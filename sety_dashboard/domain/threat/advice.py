"""Plain-language advice for a route, from its numbers."""

from __future__ import annotations

from typing import Any

import numpy as np

from sety_dashboard.domain.threat import weights as W

SAFE_ENOUGH = 60.0   # a route or piece at or above this needs no warning
RISKY_HOUR = 1.3     # hour multiplier above which the time of travel is worth a word


def _km(m: float) -> str:
    return f"{m / 1000:.1f} km"


def _quietest_hour(weights: np.ndarray, hours: np.ndarray) -> int:
    return min(range(24), key=lambda h: (float((weights * W.hour_kernel(hours, h)).sum()), h))


def route_advice(*, score: float, segments: list[dict[str, Any]], hotspots: list[Any],
                 safe_zones: list[dict[str, Any]], weights: np.ndarray, hours: np.ndarray,
                 at_hour: int, window_days: float) -> list[str]:
    advice: list[str] = []
    _, level = W.safety_level(score)
    if len(weights) == 0:
        advice.append(f"No incidents were recorded along this route in the last "
                      f"{round(window_days)} days.")
    elif score < SAFE_ENOUGH:
        advice.append(f"This route is {level.replace('_', ' ')} (score {score:.0f}); consider "
                      "another route or another time if you can.")
    else:
        advice.append(f"This route is {level.replace('_', ' ')} (score {score:.0f}).")

    worst = sorted((s for s in segments if s["score"] < SAFE_ENOUGH),
                   key=lambda s: (s["score"], s["start_m"]))[:3]
    for seg in worst:
        where = f"between {_km(seg['start_m'])} and {_km(seg['end_m'])}"
        zones = len(seg["danger_zone_ids"])
        crossing = f", crossing {zones} danger zone{'s' if zones != 1 else ''}" if zones else ""
        advice.append(f"Take care {where} (score {seg['score']:.0f}, {seg['incident_count']} "
                      f"recent incidents{crossing}): stay on busy, lit roads and do not stop.")

    for zone in hotspots[:3]:
        cats = ", ".join(c.replace("_", " ") for c in zone.top_categories) or "incidents"
        hours_txt = ", ".join(f"{h:02d}:00" for h in zone.peak_hours)
        advice.append(f"Hot spot {zone.zone_id}: {zone.incident_count} incidents ({cats})"
                      + (f", most around {hours_txt}" if hours_txt else "") + ".")

    if len(weights) >= 5:
        mult = W.hour_multiplier(weights, hours, at_hour)
        if mult >= RISKY_HOUR:
            quiet = _quietest_hour(weights, hours)
            advice.append(f"Incidents along this route are {mult:.1f}× as frequent around "
                          f"{at_hour:02d}:00 as at an average hour; around {quiet:02d}:00 is "
                          "the quietest time.")

    if safe_zones:
        near = safe_zones[:3]
        listed = "; ".join(f"{z['name']} ({z['kind'].replace('_', ' ')}, {z['distance_m']:.0f} m "
                           f"off the route at {_km(z['route_position_m'])})" for z in near)
        advice.append(f"Safe zones along the way: {listed}.")
    elif score < SAFE_ENOUGH:
        advice.append("There is no known safe zone within 500 m of this route; share your trip "
                      "with someone before you leave.")
    return advice
