"""Non-drill incidents of an area as numpy columns, read through the index.

The area is a set of resolution-8 cells; the composite index
`ix_incidents_threat_area (h3_r8, created_at, is_drill, severity, category,
h3_r11, lat, lng)` answers the query on its own (no table rows are read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session

from sety_dashboard.core.localtime import local_zone
from sety_dashboard.core.types import UTCDateTime
from sety_dashboard.domain.incidents.inputs import CATEGORIES
from sety_dashboard.domain.threat import weights as W
from sety_dashboard.domain.threat.window import ThreatWindow

_SEV_INDEX = {s: i for i, s in enumerate(W.SEVERITY_CODES)}
_CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class Points:
    lat: np.ndarray
    lng: np.ndarray
    t: np.ndarray        # epoch seconds (UTC)
    sev: np.ndarray      # index into weights.SEVERITY_CODES
    cat: np.ndarray      # index into CATEGORIES
    cell: np.ndarray     # resolution-11 H3 id (int64)

    def __len__(self) -> int:
        return len(self.t)

    def subset(self, mask: np.ndarray) -> Points:
        return Points(self.lat[mask], self.lng[mask], self.t[mask], self.sev[mask],
                      self.cat[mask], self.cell[mask])

    def age_days(self, ref_epoch: float) -> np.ndarray:
        return (ref_epoch - self.t) / W.DAY_S

    def weights(self, ref_epoch: float) -> np.ndarray:
        """Severity × recency weight of each incident, ages counted back from ref."""
        return W.severity_weight(self.sev) * W.recency_weight(self.age_days(ref_epoch))


def empty_points() -> Points:
    f = np.zeros(0, dtype=float)
    i = np.zeros(0, dtype=np.int64)
    return Points(f, f, f, i, i, i)


def concat_points(*parts: Points) -> Points:
    cols = ("lat", "lng", "t", "sev", "cat", "cell")
    return Points(*(np.concatenate([getattr(p, c) for p in parts]) for c in cols))


def time_binds(statement: str, times: tuple[str, ...] = (), **expanding: bool) -> TextClause:
    """A text() statement whose :since, :until and `times` bind as stored
    timestamps, and whose `expanding` params are IN lists."""
    stmt = text(statement)
    for name in ("since", "until", *times):
        stmt = stmt.bindparams(bindparam(name, type_=UTCDateTime()))
    for name in expanding:
        stmt = stmt.bindparams(bindparam(name, expanding=True))
    return stmt


def weight_sql(window: ThreatWindow, ref: datetime | None = None, prefix: str = "rb"
               ) -> tuple[str, dict[str, object], tuple[str, ...]]:
    """SQL for one incident's severity × recency weight (weights.py, as a CASE),
    its params and the names of its timestamp params (`prefix` + band, so two
    references can share a statement). Ages count back from `ref` (default:
    the window's end)."""
    ref = ref or window.until
    sev = " ".join(f"WHEN '{s}' THEN {w}" for s, w in W.SEVERITY_WEIGHT.items())
    parts, params = [], {}
    for i, (upper, weight) in enumerate(W.RECENCY_BANDS):
        parts.append(f"WHEN created_at >= :{prefix}{i} THEN {weight}")
        params[f"{prefix}{i}"] = ref - timedelta(days=upper)
    sql = (f"(CASE severity {sev} ELSE 1.0 END) * "
           f"(CASE {' '.join(parts)} ELSE {W.RECENCY_FLOOR} END)")
    return sql, params, tuple(params)


def window_filter(window: ThreatWindow) -> tuple[str, dict[str, object]]:
    """SQL for 'non-drill, in the window, in the categories' and its params."""
    sql = "is_drill = :drill AND created_at >= :since AND created_at <= :until"
    params: dict[str, object] = {"drill": False, "since": window.since, "until": window.until}
    if window.categories:
        sql += " AND category IN :cats"
        params["cats"] = list(window.categories)
    return sql, params


def expanding_for(window: ThreatWindow, *names: str) -> dict[str, bool]:
    out = {n: True for n in names}
    if window.categories:
        out["cats"] = True
    return out


# Cells per query: SQLite refuses statements with more than 32,766 bound
# values, and a route across a continent covers more cells than that.
CELLS_PER_QUERY = 5000


def fetch_points(session: Session, cells8: list[int], window: ThreatWindow) -> Points:
    if not cells8:
        return empty_points()
    where, params = window_filter(window)
    # Severity and category come back as their codes: numbers go straight
    # into numpy, strings would cost a Python lookup per row.
    stmt = time_binds(
        f"SELECT h3_r11, lat, lng, created_at, {_code_sql('severity', _SEV_INDEX)},"
        f" {_code_sql('category', _CAT_INDEX)} FROM incidents"
        f" WHERE h3_r8 IN :cells AND {where}", **expanding_for(window, "cells"))
    cells = [int(c) for c in cells8]
    rows = []
    for i in range(0, len(cells), CELLS_PER_QUERY):
        rows += session.execute(stmt, {**params, "cells": cells[i:i + CELLS_PER_QUERY]}).all()
    if not rows:
        return empty_points()
    cell, lat, lng, created, sev, cat = zip(*rows, strict=True)
    return Points(
        lat=np.asarray(lat, dtype=float), lng=np.asarray(lng, dtype=float),
        t=to_epoch(created), sev=np.asarray(sev, dtype=np.int64),
        cat=np.asarray(cat, dtype=np.int64), cell=np.asarray(cell, dtype=np.int64))


def _code_sql(column: str, codes: dict[str, int]) -> str:
    """CASE mapping a text column to its code (unknown → the last code)."""
    whens = " ".join(f"WHEN '{value}' THEN {code}" for value, code in codes.items())
    return f"CASE {column} {whens} ELSE {max(codes.values())} END"


def to_epoch(values: tuple | list) -> np.ndarray:
    """Stored timestamps → epoch seconds. SQLite hands back its text form
    ('YYYY-MM-DD HH:MM:SS.ffffff', UTC), PostgreSQL aware datetimes."""
    if not values:
        return np.zeros(0)
    if isinstance(values[0], str):
        return np.array(values, dtype="datetime64[us]").astype(np.int64) / 1e6
    return np.fromiter((v.timestamp() for v in values), float, len(values))


# -- local time of day (SETY_TIMEZONE) --------------------------------------------

def local_hours_weekdays(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local hour (0–23) and weekday (Monday 0) of each epoch second."""
    if len(t) == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z
    offsets = _utc_offsets(t)
    local = np.floor((t + offsets) / 3600.0).astype(np.int64)
    hours = local % 24
    # 1970-01-01 was a Thursday (weekday 3).
    weekdays = (local // 24 + 3) % 7
    return hours, weekdays


def _utc_offsets(t: np.ndarray) -> np.ndarray:
    """UTC offset in seconds at each instant. One offset for the whole span
    when the zone keeps it (checked day by day); otherwise an hourly table,
    since zones change offset on whole or half hours."""
    zone = local_zone()
    lo, hi = float(t.min()), float(t.max())
    start = datetime.fromtimestamp(lo, zone)
    days = int((hi - lo) // 86_400) + 2
    first = start.utcoffset().total_seconds()
    if all((start + timedelta(days=d)).utcoffset().total_seconds() == first
           for d in range(days)):
        return np.full(t.shape, first)
    base = np.floor(lo / 1800.0) * 1800.0
    steps = int((hi - base) // 1800) + 1
    table = np.array([datetime.fromtimestamp(base + 1800.0 * i, zone).utcoffset().total_seconds()
                      for i in range(steps)])
    return table[((t - base) // 1800).astype(np.int64)]
