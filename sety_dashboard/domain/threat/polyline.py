"""A path on a local plane: length, distances of points to it, equal pieces."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sety_dashboard.domain.threat.geometry import haversine_m, to_local_xy


@dataclass(frozen=True)
class Polyline:
    lng: np.ndarray
    lat: np.ndarray
    x: np.ndarray        # metres east of the path's centre
    y: np.ndarray        # metres north
    cum: np.ndarray      # distance along the path at each vertex (metres)
    lat0: float
    lng0: float

    @classmethod
    def from_coordinates(cls, coords: list[tuple[float, float]]) -> Polyline:
        lng = np.array([c[0] for c in coords], dtype=float)
        lat = np.array([c[1] for c in coords], dtype=float)
        lat0, lng0 = float(lat.mean()), float(lng.mean())
        x, y = to_local_xy(lat, lng, lat0, lng0)
        steps = haversine_m(lat[:-1], lng[:-1], lat[1:], lng[1:])
        return cls(lng, lat, x, y, np.concatenate([[0.0], np.cumsum(steps)]), lat0, lng0)

    @property
    def length_m(self) -> float:
        return float(self.cum[-1])

    def project(self, lat: np.ndarray, lng: np.ndarray, reach_m: float
                ) -> tuple[np.ndarray, np.ndarray]:
        """For each point: distance to the path (inf beyond `reach_m`) and the
        distance along the path of its nearest spot."""
        px, py = to_local_xy(lat, lng, self.lat0, self.lng0)
        best = np.full(len(px), np.inf)
        along = np.zeros(len(px))
        order = np.argsort(px, kind="stable")
        sx = px[order]
        for i in range(len(self.x) - 1):
            x1, y1, x2, y2 = self.x[i], self.y[i], self.x[i + 1], self.y[i + 1]
            lo = np.searchsorted(sx, min(x1, x2) - reach_m, side="left")
            hi = np.searchsorted(sx, max(x1, x2) + reach_m, side="right")
            if lo >= hi:
                continue
            idx = order[lo:hi]
            cx, cy = px[idx], py[idx]
            near = (cy >= min(y1, y2) - reach_m) & (cy <= max(y1, y2) + reach_m)
            if not near.any():
                continue
            idx, cx, cy = idx[near], cx[near], cy[near]
            dx, dy = x2 - x1, y2 - y1
            seg2 = dx * dx + dy * dy
            t = np.clip(((cx - x1) * dx + (cy - y1) * dy) / seg2, 0.0, 1.0) if seg2 else 0.0
            d = np.hypot(cx - (x1 + t * dx), cy - (y1 + t * dy))
            pos = np.broadcast_to(self.cum[i] + t * (self.cum[i + 1] - self.cum[i]), d.shape)
            better = d < best[idx]
            best[idx[better]] = d[better]
            along[idx[better]] = pos[better]
        best[best > reach_m] = np.inf
        return best, along

    def stretches_within(self, lat: float, lng: float, reach_m: float
                         ) -> list[tuple[float, float]]:
        """The parts of the path within `reach_m` of a point, as (from, to)
        distances along it: where each edge crosses the circle around it."""
        (px,), (py,) = to_local_xy(np.array([lat]), np.array([lng]), self.lat0, self.lng0)
        ax, ay = self.x[:-1] - px, self.y[:-1] - py
        dx, dy = np.diff(self.x), np.diff(self.y)
        a = dx * dx + dy * dy
        b = 2 * (ax * dx + ay * dy)
        c = ax * ax + ay * ay - reach_m * reach_m
        disc = b * b - 4 * a * c
        out = []
        for i in np.flatnonzero(disc >= 0):
            if a[i] == 0:
                if c[i] <= 0:
                    out.append((float(self.cum[i]), float(self.cum[i])))
                continue
            root = np.sqrt(disc[i])
            t0 = max(0.0, (-b[i] - root) / (2 * a[i]))
            t1 = min(1.0, (-b[i] + root) / (2 * a[i]))
            if t0 <= t1:
                span = self.cum[i + 1] - self.cum[i]
                out.append((float(self.cum[i] + t0 * span), float(self.cum[i] + t1 * span)))
        return out

    def point_at(self, s: float) -> tuple[float, float]:
        """(lng, lat) at distance `s` along the path."""
        s = min(max(s, 0.0), self.length_m)
        i = int(np.searchsorted(self.cum, s, side="right")) - 1
        i = min(max(i, 0), len(self.cum) - 2)
        span = self.cum[i + 1] - self.cum[i]
        t = (s - self.cum[i]) / span if span else 0.0
        return (float(self.lng[i] + t * (self.lng[i + 1] - self.lng[i])),
                float(self.lat[i] + t * (self.lat[i + 1] - self.lat[i])))

    def piece(self, start: float, end: float) -> list[list[float]]:
        """The path between two distances along it, as [lng, lat] points."""
        inner = [[float(self.lng[i]), float(self.lat[i])]
                 for i in range(len(self.cum)) if start < self.cum[i] < end]
        return [list(self.point_at(start)), *inner, list(self.point_at(end))]

    def cuts(self, min_piece_m: float, max_pieces: int) -> list[float]:
        """Boundaries of equal pieces at least `min_piece_m` long (≤ max_pieces)."""
        total = self.length_m
        n = max(1, min(max_pieces, math.floor(total / min_piece_m)))
        return [total * k / n for k in range(n + 1)]
