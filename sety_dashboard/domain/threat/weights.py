"""How much one incident counts: severity, age, distance and hour of day.

Every threat number (heatmap weight, danger zone, safety score, route) is
built from these few rules, so they live here once. The choices and their
sources are written up in docs/THREAT_MODEL.md.
"""

from __future__ import annotations

import math

import numpy as np

SEVERITY_WEIGHT = {"low": 1.0, "medium": 2.0, "high": 3.0, "critical": 4.0}
SEVERITY_CODES = ("low", "medium", "high", "critical")

DAY_S = 86_400.0
# Recency bands, after "prospective hot-spotting" (Bowers, Johnson & Pease
# 2004): risk is highest in the first two weeks after an incident and stays
# raised for about two months (near-repeat victimisation), then fades to the
# long-run level. (upper bound of age in days, weight)
RECENCY_BANDS: tuple[tuple[float, float], ...] = (
    (14.0, 1.0), (30.0, 0.8), (60.0, 0.55), (90.0, 0.3),
)
RECENCY_FLOOR = 0.15  # older than the last band

# Near-repeat: an incident raises the risk around it for ~400 m and ~2 months.
NEAR_REPEAT_M = 400.0
NEAR_REPEAT_DAYS = 60.0
NEAR_REPEAT_STEP = 0.05  # +5 % risk per near-repeat incident …
NEAR_REPEAT_MAX = 0.5    # … up to +50 %

# Hour-of-day kernel: the hour itself and its neighbours up to 4 h away
# (circular), triangular, so a "night" place (incidents 22:00–06:00) shows at
# 02:00 however its incidents spread over the night. Its sum over 24 hours
# is 5, so a uniform spread of incidents puts 5/24 of the weight under it.
HOUR_KERNEL = {0: 1.0, 1: 0.8, 2: 0.6, 3: 0.4, 4: 0.2}
HOUR_UNIFORM_SHARE = 5.0 / 24.0
# Shrinkage of the hour multiplier toward 1: with a total weight W of
# incidents the observed hour pattern gets the weight W / (W + HOUR_PRIOR_WEIGHT).
# Shrinking by weight rather than by count keeps the risk monotone: one more
# incident, however faint or at whatever hour, never lowers a place's risk
# (density × multiplier = D·(c + 4.8·H)/(D + c), which grows with D and with H).
HOUR_PRIOR_WEIGHT = 10.0
HOUR_MULTIPLIER_RANGE = (0.25, 4.0)


def recency_weight(age_days: np.ndarray) -> np.ndarray:
    """Band weight for each age (days before the reference time)."""
    out = np.full(age_days.shape, RECENCY_FLOOR, dtype=float)
    # Walk the bands from the oldest so the youngest band wins.
    for upper, weight in reversed(RECENCY_BANDS):
        out[age_days <= upper] = weight
    return out


def severity_weight(codes: np.ndarray) -> np.ndarray:
    """Weights for severity codes (index into SEVERITY_CODES)."""
    table = np.array([SEVERITY_WEIGHT[s] for s in SEVERITY_CODES])
    return table[codes]


def quartic_kernel(distance_m: np.ndarray, bandwidth_m: float) -> np.ndarray:
    """(1 - u²)² for u = d / h < 1, else 0: the kernel of most hot-spot maps.

    Over a disc of radius h it integrates to π h² / 3, so a density is
    3 · Σ w·K / (π h²).
    """
    u = distance_m / bandwidth_m
    return np.where(u < 1.0, (1.0 - u * u) ** 2, 0.0)


QUARTIC_AREA_FACTOR = 1.0 / 3.0


def hour_kernel(hours: np.ndarray, at_hour: int) -> np.ndarray:
    d = np.abs(hours - at_hour)
    d = np.minimum(d, 24 - d)
    out = np.zeros(hours.shape, dtype=float)
    for dist, weight in HOUR_KERNEL.items():
        out[d == dist] = weight
    return out


def hour_multiplier(weights: np.ndarray, hours: np.ndarray, at_hour: int) -> float:
    """How much riskier the hour `at_hour` is than the place's average hour.

    The weighted share of incidents near that hour, divided by the share a
    uniform spread would give, shrunk toward 1 when there are few incidents.
    """
    total = float(weights.sum())
    if total <= 0 or len(weights) == 0:
        return 1.0
    share = float((weights * hour_kernel(hours, at_hour)).sum()) / total
    raw = share / HOUR_UNIFORM_SHARE
    shrunk = 1.0 + (raw - 1.0) * total / (total + HOUR_PRIOR_WEIGHT)
    lo, hi = HOUR_MULTIPLIER_RANGE
    return min(hi, max(lo, shrunk))


def near_repeat_multiplier(count: int) -> float:
    return 1.0 + min(NEAR_REPEAT_MAX, NEAR_REPEAT_STEP * count)


# -- from relative risk to a 0–100 score ----------------------------------------

# Safety: a log-logistic curve of the relative risk R (the place's weighted
# density over the data set's average): 100 / (1 + (R / 2)^0.6). No incidents
# score 100, the average place of the data set 60, twice the average 50,
# eight times 30, forty times 14. It never reaches 0, so a place twice as bad
# as another always scores lower, however bad both are.
SAFETY_MID_RATIO = 2.0
SAFETY_SLOPE = 0.6
SAFE_ZONE_POINTS = 3.0
SAFE_ZONE_MAX_POINTS = 10.0


def safety_from_ratio(ratio: float) -> float:
    if ratio <= 0:
        return 100.0
    return 100.0 / (1.0 + math.pow(ratio / SAFETY_MID_RATIO, SAFETY_SLOPE))


def safety_level(score: float) -> tuple[str, str]:
    """(grade, level) for a safety score."""
    for bound, grade, level in ((80, "A", "very_safe"), (60, "B", "safe"), (40, "C", "moderate"),
                                (20, "D", "unsafe")):
        if score >= bound:
            return grade, level
    return "F", "dangerous"


# Danger zones: the same kind of curve, rising: a cluster 8× as dense as the
# data set's average scores 50, 30× about 74, 100× about 88.
ZONE_MID_RATIO = 8.0
ZONE_SLOPE = 0.8


def zone_score(ratio: float) -> float:
    if ratio <= 0:
        return 0.0
    x = math.pow(ratio / ZONE_MID_RATIO, ZONE_SLOPE)
    return 100.0 * x / (1.0 + x)


def risk_level(score: float) -> str:
    """low / moderate / high / severe for a 0–100 risk score."""
    if score >= 75:
        return "severe"
    if score >= 50:
        return "high"
    if score >= 25:
        return "moderate"
    return "low"


# A place or a stretch of road inside a danger zone scores at most the cap of
# the zone's risk level, whatever its own count of incidents says: each cap
# sits one point under a grade boundary, so a zone lowers the grade by at
# least one step from "very safe" (severe: F, high: D at best, moderate: C,
# low: B). Rationale in docs/THREAT_MODEL.md §5a.
ZONE_CAPS = {"severe": 19.0, "high": 39.0, "moderate": 59.0, "low": 79.0}


def zone_cap(level: str) -> float:
    return ZONE_CAPS[level]


def ratio_risk_level(ratio: float) -> str:
    """Risk level from a ratio to the baseline (used for predictions)."""
    if ratio >= 4:
        return "severe"
    if ratio >= 2:
        return "high"
    if ratio >= 1:
        return "moderate"
    return "low"
