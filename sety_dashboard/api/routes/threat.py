"""/v1/threat-intel and /v1/safe-zones: thin HTTP callers of domain/threat."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from sety_dashboard.api.deps import Caller, choices, picked, require, utc_or_none
from sety_dashboard.api.responses import ERRORS
from sety_dashboard.api.responses_threat import (
    DangerAnalyticsOut,
    DangerZonesOut,
    HeatmapOut,
    RouteSafetyOut,
    SafetyScoreOut,
    SafeZoneOut,
    SafeZonesOut,
)
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.common import Timestamp
from sety_dashboard.domain.incidents.inputs import CATEGORIES
from sety_dashboard.domain.threat import safe_zones as sz
from sety_dashboard.domain.threat.analytics import DEFAULT_RADIUS_M as ANALYTICS_RADIUS_M
from sety_dashboard.domain.threat.analytics import danger_analytics
from sety_dashboard.domain.threat.area import DEFAULT_ZONE_RADIUS_M, area_from_query, danger_zones
from sety_dashboard.domain.threat.geometry import parse_bbox
from sety_dashboard.domain.threat.heatmap import DEFAULT_RES, heatmap
from sety_dashboard.domain.threat.models import SAFE_ZONE_KINDS
from sety_dashboard.domain.threat.route import RouteSafetyRequest, route_safety
from sety_dashboard.domain.threat.score import DEFAULT_RADIUS_M as SCORE_RADIUS_M
from sety_dashboard.domain.threat.score import safety_score
from sety_dashboard.domain.threat.window import ThreatWindow, resolve_window

router = APIRouter(tags=["Threat intelligence"], responses=ERRORS)
Reader = Annotated[Caller, Depends(require("threat:read"))]
Admin = Annotated[Caller, Depends(require("admin"))]

Lat = Annotated[float, Query(ge=-90, le=90, description="latitude")]
Lng = Annotated[float, Query(ge=-180, le=180, description="longitude")]
OptLat = Annotated[float | None, Query(ge=-90, le=90, description="latitude")]
OptLng = Annotated[float | None, Query(ge=-180, le=180, description="longitude")]
Radius = Annotated[float | None, Query(ge=1, le=50_000, description="metres")]
_NUM = r"\s*-?[0-9]+(\.[0-9]+)?\s*"
BBOX_PATTERN = f"^{_NUM},{_NUM},{_NUM},{_NUM}$"
Since = Annotated[Timestamp | None, Query(description="window start (default: until − 90 days)")]
Until = Annotated[Timestamp | None, Query(description="window end (default: now)")]
Category = Annotated[str | None, choices(CATEGORIES, "categories")]


def _window(since: datetime | None, until: datetime | None, category: str | None,
            at: datetime | None = None) -> ThreatWindow:
    return resolve_window(utc_or_none(since), utc_or_none(until),
                          picked(category, CATEGORIES, "category"),
                          utc_or_none(at))


@router.get("/threat-intel/danger-zones", response_model=DangerZonesOut)
def get_danger_zones(caller: Reader,
                     bbox: Annotated[str | None, Query(
                         description="minLng,minLat,maxLng,maxLat; give either bbox or lat "
                                     "and lng", json_schema_extra={"pattern": BBOX_PATTERN})
                     ] = None, lat: OptLat = None,
                     lng: OptLng = None, radius_m: Radius = None, since: Since = None,
                     until: Until = None, category: Category = None) -> dict[str, Any]:
    area = area_from_query(bbox, lat, lng, radius_m, DEFAULT_ZONE_RADIUS_M)
    window = _window(since, until, category)
    with read_session() as session:
        return danger_zones(session, area=area, window=window)


@router.get("/threat-intel/analytics", response_model=DangerAnalyticsOut)
def get_analytics(caller: Reader, lat: Lat, lng: Lng, radius_m: Radius = None,
                  since: Since = None, until: Until = None, category: Category = None
                  ) -> dict[str, Any]:
    window = _window(since, until, category)
    with read_session() as session:
        return danger_analytics(session, lat=lat, lng=lng,
                                radius_m=radius_m or ANALYTICS_RADIUS_M, window=window)


@router.get("/threat-intel/heatmap", response_model=HeatmapOut)
def get_heatmap(caller: Reader, bbox: Annotated[str, Query(
                    description="minLng,minLat,maxLng,maxLat (min below max, within the "
                                "world)", json_schema_extra={"pattern": BBOX_PATTERN})],
                resolution: Annotated[int, Query(ge=5, le=11)] = DEFAULT_RES,
                since: Since = None, until: Until = None, category: Category = None
                ) -> dict[str, Any]:
    box = parse_bbox(bbox)
    window = _window(since, until, category)
    with read_session() as session:
        return heatmap(session, bbox=box, resolution=resolution, window=window)


@router.get("/threat-intel/safety-score", response_model=SafetyScoreOut)
def get_safety_score(caller: Reader, lat: Lat, lng: Lng, radius_m: Radius = None,
                     at: Annotated[Timestamp | None, Query(
                         description="the moment to score (time of day matters; default now)")
                     ] = None,
                     since: Since = None, until: Until = None, category: Category = None
                     ) -> dict[str, Any]:
    window = _window(since, until, category, at)
    with read_session() as session:
        return safety_score(session, lat=lat, lng=lng, radius_m=radius_m or SCORE_RADIUS_M,
                            at=utc_or_none(at), window=window)


@router.post("/threat-intel/route-safety", response_model=RouteSafetyOut)
def post_route_safety(body: RouteSafetyRequest, caller: Reader, since: Since = None,
                      until: Until = None, category: Category = None) -> dict[str, Any]:
    window = _window(since, until, category, body.departure_at)
    with read_session() as session:
        return route_safety(session, request=body, window=window)


@router.get("/threat-intel/safe-zones", response_model=SafeZonesOut)
def get_safe_zones(caller: Reader, lat: Lat, lng: Lng, radius_m: Radius = None,
                   kind: Annotated[str | None, choices(SAFE_ZONE_KINDS, "kinds")] = None,
                   limit: Annotated[int, Query(ge=1, le=sz.MAX_LISTED)] = 50) -> dict[str, Any]:
    radius, kinds = sz.check_safe_zone_query(lat, lng, radius_m, kind)
    with read_session() as session:
        found = sz.safe_zones_near(session, lat=lat, lng=lng, radius_m=radius, kinds=kinds)
        return {"data": [sz.safe_zone_view(z, d) for z, d in found[:limit]]}


@router.post("/safe-zones", status_code=201, response_model=SafeZoneOut)
def create_safe_zone(body: sz.CreateSafeZoneRequest, caller: Admin) -> JSONResponse:
    with write_session() as session:
        view = sz.safe_zone_view(sz.create_safe_zone(session, request=body))
    return JSONResponse(view, status_code=201)
