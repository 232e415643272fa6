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
                 stretches: dict[str, list[tuple[float, float]]],
                 safe_zones: list[dict[str, Any]], weights: np.ndarray, hours: np.ndarray,
                 at_hour: int, window_days: float) -> list[str]:
    advice: list[str] = []
    length_m = segments[-1]["end_m"] if segments else 0.0
    _, level = W.safety_level(score)
    if len(weights) == 0:
        advice.append(f"No incidents were recorded along this route in the last "
                      f"{round(window_days)} days.")
    elif score < SAFE_ENOUGH:
        advice.append(f"This route is {level.replace('_', ' ')} (score {score:.0f}); consider "
                      "another route or another time if you can.")
    else:
        advice.append(f"This route is {level.replace('_', ' ')} (score {score:.0f}).")

    # Danger zones first, worst first, each with the stretch it covers: that
    # is what a person can act on ("avoid 2.1–2.4 km").
    ranked = sorted(hotspots, key=lambda z: (z.cap, -z.score, z.zone_id))
    for zone in ranked[:3]:
        spans = [(max(0.0, a), min(length_m, b)) for a, b in stretches.get(zone.zone_id, [])]
        where = " and ".join(f"between {_km(a)} and {_km(b)}" for a, b in spans[:3])
        cats = ", ".join(c.replace("_", " ") for c in zone.top_categories) or "incidents"
        hours_txt = ", ".join(f"{h:02d}:00" for h in zone.peak_hours)
        advice.append(
            f"{where[0].upper() + where[1:]}, through the danger zone {zone.label()} "
            f"({zone.risk_level}, {zone.incident_count} incidents: {cats}"
            + (f"; most around {hours_txt}" if hours_txt else "")
            + f"): that stretch scores at most {zone.cap:.0f}. Avoid it if you can; "
              "otherwise keep to busy, lit roads and do not stop.")

    worst = sorted((s for s in segments if s["score"] < SAFE_ENOUGH
                    and not s["danger_zone_ids"]),
                   key=lambda s: (s["score"], s["start_m"]))[:3]
    for seg in worst:
        where = f"between {_km(seg['start_m'])} and {_km(seg['end_m'])}"
        advice.append(f"Take care {where} (score {seg['score']:.0f}, {seg['incident_count']} "
                      "recent incidents): stay on busy, lit roads and do not stop.")

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
