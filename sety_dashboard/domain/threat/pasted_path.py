"""Route points as people paste them, turned into the API's [lng, lat] pairs.

Two habits meet here. A phone map (and most people) write "latitude,
longitude": long-pressing a spot in Lagos copies "6.5244, 3.3792", and some
apps copy "6.5244° N, 3.3792° E". GeoJSON, and so the API, writes
[longitude, latitude]. So:

* plain lines are "latitude, longitude", one point per line (a comma, a
  semicolon, a tab or spaces between the two numbers);
* N/S/E/W letters, when present, say which number is which whatever the
  order ("3.3792 E, 6.5244 N" is read right);
* anything starting with "[" or "{" is JSON in GeoJSON order: an array of
  [lng, lat] pairs, a LineString, or a Feature holding one.

The range check catches the commonest slip early: a "latitude" beyond ±90
is a longitude written first. A swap that stays in range (Lagos' 6.5 and
3.4) cannot be caught here; the route's coordinate check flags it instead
(coordinate_check.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_POINTS = 1000
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_PART = re.compile(rf"^\s*({_NUMBER})\s*°?\s*([NSEWnsew])?\s*$")


class PastedPathError(ValueError):
    """Says what is wrong with the pasted text, for the person who pasted it."""


def parse_pasted_path(text: str) -> list[list[float]]:
    text = (text or "").strip()
    if not text:
        raise PastedPathError("paste at least two points")
    points = _json_points(text) if text[0] in "[{" else _line_points(text)
    if len(points) > MAX_POINTS:
        raise PastedPathError(f"at most {MAX_POINTS} points")
    return points


def _json_points(text: str) -> list[list[float]]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PastedPathError(f"that is not valid JSON ({exc.msg})") from None
    if isinstance(data, dict):
        geometry = data.get("geometry") if data.get("type") == "Feature" else data
        data = (geometry or {}).get("coordinates") if isinstance(geometry, dict) else None
    if not isinstance(data, list):
        raise PastedPathError("expected a list of [longitude, latitude] pairs")
    points = []
    for n, pair in enumerate(data, start=1):
        if (not isinstance(pair, list) or len(pair) < 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool)
                           for v in pair[:2])):
            raise PastedPathError(f"point {n}: expected [longitude, latitude]")
        lng, lat = float(pair[0]), float(pair[1])
        _check(lat, lng, f"point {n}", "[longitude, latitude]")
        points.append([lng, lat])
    return points


def _split(line: str) -> list[str]:
    for sep in (";", "\t", ","):
        if sep in line:
            return line.split(sep)
    return line.split()


def _line_points(text: str) -> list[list[float]]:
    points = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [_PART.match(p) for p in _split(line.strip())]
        if len(parts) != 2 or not all(parts):
            raise PastedPathError(f"line {n}: expected 'latitude, longitude' "
                                  "(e.g. 6.5244, 3.3792)")
        (a, ha), (b, hb) = ((float(m.group(1)), (m.group(2) or "").upper()) for m in parts)
        if ha in ("E", "W") or hb in ("N", "S"):
            a, ha, b, hb = b, hb, a, ha            # written longitude first, lettered
        lat = -abs(a) if ha == "S" else a
        lng = -abs(b) if hb == "W" else b
        _check(lat, lng, f"line {n}", "latitude, longitude")
        points.append([lng, lat])
    return points


def _check(lat: float, lng: float, where: str, order: str) -> None:
    if not -90 <= lat <= 90:
        hint = " (it looks like the longitude came first)" if -180 <= lat <= 180 else ""
        raise PastedPathError(f"{where}: latitude {lat:g} is beyond ±90{hint}; the order is "
                              f"{order}")
    if not -180 <= lng <= 180:
        raise PastedPathError(f"{where}: longitude {lng:g} is beyond ±180; the order is {order}")
