"""Seeded, clustered synthetic incidents for the threat benchmark.

Incidents are spread over Nigerian cities in proportion to their size. In
each city half the incidents fall in dozens of hot spots (Gaussian clusters a
few hundred metres wide, of very unequal strength, as crime concentrates in
a small share of street segments), the rest over the built-up area. Hours of
day follow a per-category profile (security incidents at night, accidents in
the rush hours), a few hot spots grow over the year and a few fade, and 2 %
of incidents are drills. Rows are bulk-inserted straight into the
`incidents` table with the same H3 columns `create_incident` writes.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from sety_dashboard.geo.cells import cells_for

NOW = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
HISTORY_DAYS = 365
M_PER_DEG = 111_320.0

# name, lng, lat, built-up radius (m), share of incidents
CITIES = [
    ("Lagos", 3.3792, 6.5244, 22_000, 0.34),
    ("Abuja", 7.4951, 9.0579, 16_000, 0.15),
    ("Kano", 8.5167, 12.0000, 12_000, 0.12),
    ("Ibadan", 3.8964, 7.3775, 13_000, 0.10),
    ("Port Harcourt", 7.0134, 4.8156, 11_000, 0.10),
    ("Kaduna", 7.4383, 10.5105, 10_000, 0.07),
    ("Benin City", 5.6037, 6.3350, 9_000, 0.06),
    ("Enugu", 7.5083, 6.4584, 8_000, 0.06),
]
CATEGORIES = ["sos", "medical", "fire", "security", "harassment", "accident",
              "suspicious_activity", "other"]
CATEGORY_SHARE = [0.16, 0.14, 0.04, 0.22, 0.10, 0.16, 0.12, 0.06]
SEVERITIES = ["low", "medium", "high", "critical"]
# P(severity | category): most follow the API defaults, some are graded otherwise.
SEVERITY_GIVEN_CATEGORY = {
    "sos": [0.02, 0.08, 0.20, 0.70], "medical": [0.05, 0.15, 0.25, 0.55],
    "fire": [0.05, 0.10, 0.25, 0.60], "security": [0.10, 0.20, 0.55, 0.15],
    "harassment": [0.15, 0.30, 0.45, 0.10], "accident": [0.10, 0.25, 0.45, 0.20],
    "suspicious_activity": [0.35, 0.45, 0.15, 0.05], "other": [0.40, 0.40, 0.15, 0.05],
}
HOT_SPOT_SHARE = 0.5


def _hour_profile(peaks: list[tuple[float, float]]) -> np.ndarray:
    hours = np.arange(24)
    p = np.full(24, 0.15)
    for centre, width in peaks:
        d = np.minimum(abs(hours - centre), 24 - abs(hours - centre))
        p += np.exp(-0.5 * (d / width) ** 2)
    return p / p.sum()


HOURS_BY_CATEGORY = {
    "sos": _hour_profile([(22, 3.0)]), "medical": _hour_profile([(10, 4.0), (19, 3.0)]),
    "fire": _hour_profile([(14, 5.0)]), "security": _hour_profile([(1, 2.5), (22, 2.0)]),
    "harassment": _hour_profile([(20, 3.0)]), "accident": _hour_profile([(8, 1.5), (18, 1.5)]),
    "suspicious_activity": _hour_profile([(23, 3.0)]), "other": _hour_profile([(12, 6.0)]),
}


@dataclass(frozen=True)
class HotSpot:
    lng: float
    lat: float
    sigma_m: float
    strength: float
    trend: float  # -1 fading … +1 growing over the year


def hot_spots(rng: np.random.Generator) -> list[list[HotSpot]]:
    out = []
    for _, lng, lat, radius, share in CITIES:
        spots = []
        for _ in range(max(12, int(400 * share))):
            r = radius * 0.8 * math.sqrt(rng.random())
            a = rng.random() * 2 * math.pi
            spots.append(HotSpot(
                lng=lng + r * math.cos(a) / (M_PER_DEG * math.cos(math.radians(lat))),
                lat=lat + r * math.sin(a) / M_PER_DEG,
                sigma_m=float(rng.uniform(120, 600)), strength=float(rng.lognormal(0, 0.6)),
                trend=float(rng.choice([-1.0, 0.0, 0.0, 0.0, 1.0]))))
        out.append(spots)
    return out


def generate(n: int, seed: int = 20261130) -> dict[str, np.ndarray]:
    """n incidents as column arrays (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    spots = hot_spots(rng)
    shares = np.array([c[4] for c in CITIES])
    city = rng.choice(len(CITIES), size=n, p=shares / shares.sum())
    lng = np.empty(n)
    lat = np.empty(n)
    age_days = rng.random(n) * HISTORY_DAYS
    for ci, (_, clng, clat, radius, _) in enumerate(CITIES):
        idx = np.flatnonzero(city == ci)
        m = len(idx)
        in_spot = rng.random(m) < HOT_SPOT_SHARE
        strengths = np.array([s.strength for s in spots[ci]])
        pick = rng.choice(len(spots[ci]), size=m, p=strengths / strengths.sum())
        sigma = np.array([s.sigma_m for s in spots[ci]])[pick]
        centre_lng = np.where(in_spot, np.array([s.lng for s in spots[ci]])[pick], clng)
        centre_lat = np.where(in_spot, np.array([s.lat for s in spots[ci]])[pick], clat)
        spread = np.where(in_spot, sigma, radius / 2.0)
        dx = rng.normal(0, 1, m) * spread
        dy = rng.normal(0, 1, m) * spread
        lat[idx] = centre_lat + dy / M_PER_DEG
        lng[idx] = centre_lng + dx / (M_PER_DEG * np.cos(np.radians(clat)))
        # Growing spots put more of their incidents late in the year, fading ones early.
        trend = np.array([s.trend for s in spots[ci]])[pick] * in_spot
        skew = rng.random(m) ** np.where(trend > 0, 2.0, np.where(trend < 0, 0.5, 1.0))
        age_days[idx] = np.where(trend != 0, skew * HISTORY_DAYS, age_days[idx])
    cat = rng.choice(len(CATEGORIES), size=n, p=CATEGORY_SHARE)
    sev = np.empty(n, dtype=np.int64)
    hour = np.empty(n, dtype=np.int64)
    for ci, name in enumerate(CATEGORIES):
        idx = np.flatnonzero(cat == ci)
        sev[idx] = rng.choice(4, size=len(idx), p=SEVERITY_GIVEN_CATEGORY[name])
        hour[idx] = rng.choice(24, size=len(idx), p=HOURS_BY_CATEGORY[name])
    # Whole days back, then the category's hour of day, then a random minute.
    day = np.floor(age_days).astype(np.int64) + 1
    seconds = hour * 3600 + rng.integers(0, 3600, n)
    drill = rng.random(n) < 0.02
    return {"lng": lng, "lat": lat, "day": day, "second": seconds, "category": cat,
            "severity": sev, "drill": drill}


def _created_at(day_back: int, second: int) -> datetime:
    midnight = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=int(day_back)) + timedelta(seconds=int(second))


def _stamp(dt: datetime) -> str:
    # The text form SQLAlchemy's SQLite DateTime stores, so range filters compare.
    return dt.strftime("%Y-%m-%d %H:%M:%S.%f")


def rows(cols: dict[str, np.ndarray], start: int = 0) -> Iterator[tuple]:
    subject = json.dumps({"name": "Bench Subject"})
    for i in range(len(cols["lng"])):
        lng, lat = float(cols["lng"][i]), float(cols["lat"][i])
        category = CATEGORIES[cols["category"][i]]
        severity = SEVERITIES[cols["severity"][i]]
        created = _created_at(cols["day"][i], cols["second"][i])
        ts = _stamp(created)
        due = _stamp(created + timedelta(minutes=5))
        c = cells_for(lat, lng)
        yield (f"inc_bench{start + i:011d}", "bench", category, severity, "resolved", subject,
               "bench subject", f"{category} — Bench Subject", lng, lat, bool(cols["drill"][i]),
               severity, due, due, due, ts, ts, ts, c["h3_r5"], c["h3_r6"], c["h3_r7"],
               c["h3_r8"], c["h3_r9"], c["h3_r10"], c["h3_r11"])


INSERT = (
    "INSERT INTO incidents (id, owner, category, severity, status, subject, search_text, title,"
    " lng, lat, is_drill, sla_policy, acknowledge_due_at, dispatch_due_at, resolve_due_at,"
    " created_at, updated_at, resolved_at, h3_r5, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11,"
    " acknowledge_breach_noted, dispatch_breach_noted, resolve_breach_noted)"
    " VALUES (" + ",".join("?" * 25) + ", 0, 0, 0)"
)


def bulk_load(path: str, n: int, seed: int = 20261130, chunk: int = 50_000) -> None:
    """Insert n generated incidents into the migrated SQLite file at `path`."""
    cols = generate(n, seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    for start in range(0, n, chunk):
        part = {k: v[start:start + chunk] for k, v in cols.items()}
        conn.executemany(INSERT, rows(part, start))
        conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
