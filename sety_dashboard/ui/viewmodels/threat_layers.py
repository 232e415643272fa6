"""What the threat map shows, read through the threat domain and shaped for
the map widget and the side panel. Plain functions (run in a worker thread by
`ThreatState`), so the page's rules live here once and are testable alone."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import h3

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.threat.analytics import danger_analytics
from sety_dashboard.domain.threat.area import MAX_ZONE_AREA_KM2, Area, danger_zones
from sety_dashboard.domain.threat.geometry import BBox
from sety_dashboard.domain.threat.heatmap import MAX_RES, MIN_RES, heatmap
from sety_dashboard.domain.threat.route import RouteSafetyRequest, route_safety
from sety_dashboard.domain.threat.safe_zones import safe_zones_in_box
from sety_dashboard.domain.threat.score import safety_score
from sety_dashboard.domain.threat.window import ThreatWindow, resolve_window

HEAT_COLORS = ("#fde68a", "#fbbf24", "#f97316", "#ef4444", "#b91c1c")
ZONE_COLORS = {"low": "#ffc53d", "moderate": "#f76b15", "high": "#e5484d", "severe": "#c2298a"}
MAX_SAFE_ZONES = 400
FACTOR_LABELS = {"incident_density": "Incidents nearby", "time_of_day": "Time of day",
                 "near_repeat": "Recent repeats", "safe_zones": "Safe zones",
                 "danger_zone": "Danger zone"}
SPOT_SCORE_RADIUS_M = 500.0
SPOT_ANALYTICS_RADIUS_M = 1000.0


def window_for(days: int, category: str) -> ThreatWindow:
    now = clock.now()
    return resolve_window(since=now - timedelta(days=days), until=now,
                          categories=None if category in ("", "all") else [category])


def resolution_for_zoom(zoom: int) -> int:
    """Hexagons a few pixels to a few dozen pixels wide at every zoom."""
    table = {9: 6, 10: 7, 11: 7, 12: 8, 13: 9, 14: 9, 15: 10}
    if zoom <= 8:
        return MIN_RES
    return table.get(zoom, MAX_RES)


def score_color(score: float) -> str:
    for bound, color in ((80, "#30a46c"), (60, "#99d52a"), (40, "#ffc53d"), (20, "#f76b15")):
        if score >= bound:
            return color
    return "#e5484d"


def _heat_style(weight: float, max_weight: float) -> tuple[str, float]:
    t = math.log1p(weight) / math.log1p(max_weight) if max_weight > 0 else 0.0
    color = HEAT_COLORS[min(len(HEAT_COLORS) - 1, int(t * len(HEAT_COLORS)))]
    return color, round(0.2 + 0.5 * t, 2)


def _cells(heat: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for c in heat["cells"]:
        color, opacity = _heat_style(c["weight"], heat["max_weight"])
        boundary = [[round(lat, 5), round(lng, 5)] for lat, lng in h3.cell_to_boundary(c["cell_id"])]
        out.append({"id": c["cell_id"], "b": boundary, "c": color, "o": opacity})
    return out


def zone_shape(cell_ids: list[str]) -> list[list[list[float]]]:
    """The outline of a zone's cells as Leaflet rings ([[lat, lng], …] each):
    outer rings of the merged cells, holes too, so the drawing is the zone."""
    shape = h3.cells_to_h3shape(cell_ids)
    polys = list(shape) if isinstance(shape, h3.LatLngMultiPoly) else [shape]
    rings = []
    for poly in polys:
        for ring in (poly.outer, *poly.holes):
            rings.append([[round(lat, 5), round(lng, 5)] for lat, lng in ring])
    return rings


def _zone(z: dict[str, Any]) -> dict[str, Any]:
    cats = ", ".join(c.replace("_", " ") for c in z["top_categories"])
    hours = ", ".join(f"{h:02d}:00" for h in z["peak_hours"])
    label = (f"{z['name']} · danger zone, {z['risk_level']} ({z['score']:.0f}) · "
             f"{z['incident_count']} incidents · {cats}"
             + (f" · most around {hours}" if hours else ""))
    return {"id": z["zone_id"], "name": z["name"], "lat": z["center"][1],
            "lng": z["center"][0], "radius_m": z["radius_m"], "shape": zone_shape(z["cells"]),
            "color": ZONE_COLORS[z["risk_level"]], "label": label,
            "score": round(z["score"]), "level": z["risk_level"],
            "incidents": z["incident_count"], "categories": cats, "hours": hours}


def view_layers(bbox: list[float], zoom: int, days: int, category: str) -> dict[str, Any]:
    """Heatmap, danger zones and safe zones of what is on screen."""
    box = BBox(*bbox)
    window = window_for(days, category)
    res = resolution_for_zoom(zoom)
    out: dict[str, Any] = {"notes": []}
    with read_session() as session:
        heat = None
        while heat is None:
            try:
                heat = heatmap(session, bbox=box, resolution=res, window=window)
            except ValidationFailed:
                if res == MIN_RES:
                    raise
                res -= 1  # too many cells for this view: coarser hexagons
        out["resolution"] = res
        out["cells"] = _cells(heat)
        out["heat_total"] = heat["total"]
        if box.area_km2() <= MAX_ZONE_AREA_KM2:
            zones = danger_zones(session, area=Area(bbox=box), window=window)["data"]
            out["zones"] = [_zone(z) for z in zones]
        else:
            out["zones"] = []
            out["notes"].append("Zoom in to see danger zones.")
        safe = safe_zones_in_box(session, min_lat=box.min_lat, min_lng=box.min_lng,
                                 max_lat=box.max_lat, max_lng=box.max_lng)
    out["safe_zones"] = [{"id": z.id, "lat": z.lat, "lng": z.lng,
                          "label": f"{z.name} · {z.kind.replace('_', ' ')}"
                                   + ("" if z.open_24h else " · daytime")}
                         for z in safe[:MAX_SAFE_ZONES]]
    return out


def _factor(f: dict[str, Any]) -> dict[str, Any]:
    impact = f["impact"]
    return {"name": FACTOR_LABELS.get(f["name"], f["name"]),
            "impact": f"{impact:+.1f}".replace("-", "−"), "detail": f["detail"],
            "color": "green" if impact > 0 else ("red" if impact < 0 else "gray")}


def spot_report(lat: float, lng: float, days: int, category: str) -> dict[str, Any]:
    """Safety score (500 m) and analytics (1 km) of one place, for the panel."""
    window = window_for(days, category)
    with read_session() as session:
        score = safety_score(session, lat=lat, lng=lng, radius_m=SPOT_SCORE_RADIUS_M, at=None,
                             window=window)
        analytics = danger_analytics(session, lat=lat, lng=lng,
                                     radius_m=SPOT_ANALYTICS_RADIUS_M, window=window)
    t, p = analytics["time_analysis"], analytics["prediction"]
    return {
        "lat": lat, "lng": lng, "score": score["score"], "grade": score["grade"],
        "level": score["level"].replace("_", " "), "color": score_color(score["score"]),
        "nearby": score["nearby_incidents"],
        "factors": [_factor(f) for f in score["factors"]],
        "count": analytics["incident_count"],
        "hours": [{"hour": f"{h:02d}", "incidents": n} for h, n in enumerate(t["by_hour"])],
        "peak": ", ".join(f"{h:02d}:00" for h in t["peak_hours"]) or "—",
        "safest": ", ".join(f"{h:02d}:00" for h in t["safest_hours"]) or "—",
        "categories": [{"name": k.replace("_", " "), "count": v}
                       for k, v in list(analytics["by_category"].items())[:4]],
        "prediction": (f"{p['expected_incidents_next_7d']:g} expected in the next 7 days · "
                       f"trend {p['trend']} · confidence {p['confidence']:.2f}"),
        "comparison": (f"{analytics['comparison']['ratio']:.1f}× the average "
                       f"(percentile {analytics['comparison']['percentile']:.0f})"),
        "summary": analytics["patterns"]["summary"],
    }


def route_report(points: list[list[float]], days: int, category: str) -> dict[str, Any]:
    request = RouteSafetyRequest(path=points)
    window = window_for(days, category)
    with read_session() as session:
        r = route_safety(session, request=request, window=window)
    segments = []
    for i, s in enumerate(r["segments"]):
        label = (f"{s['start_m'] / 1000:.2f}–{s['end_m'] / 1000:.2f} km · score {s['score']:.0f} "
                 f"({s['level'].replace('_', ' ')}) · {s['incident_count']} incidents")
        segments.append({"id": f"seg{i}", "path": [[lat, lng] for lng, lat in s["path"]],
                         "color": score_color(s["score"]), "label": label})
    return {
        "score": r["score"], "grade": r["grade"], "level": r["level"].replace("_", " "),
        "color": score_color(r["score"]), "distance": f"{r['distance_m'] / 1000:.1f} km",
        "advice": r["advice"], "segments": segments, "hotspots": len(r["hotspots"]),
        "safe_zones": len(r["safe_zones"]), "warning": r["coordinate_warning"] or "",
    }
