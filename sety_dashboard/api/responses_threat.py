"""Response models of the threat intelligence endpoints (for /docs and checks)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from sety_dashboard.domain.common import Point


class Period(BaseModel):
    since: str
    until: str


class SafeZoneLocation(BaseModel):
    coordinates: list[float]
    address: str | None = None


class SafeZoneOut(BaseModel):
    safe_zone_id: str
    name: str
    kind: str
    location: SafeZoneLocation
    open_24h: bool
    phone: str | None
    distance_m: float | None
    route_position_m: float | None = None


class SafeZonesOut(BaseModel):
    data: list[SafeZoneOut]


class DangerZoneOut(BaseModel):
    zone_id: str
    name: str
    center: list[float]
    radius_m: float
    risk_level: str
    score: float
    incident_count: int
    top_categories: list[str]
    peak_hours: list[int]
    last_incident_at: str
    relative_density: float
    z_score: float
    cells: list[str]


class DangerZonesOut(BaseModel):
    data: list[DangerZoneOut]
    period: Period


class HeatCell(BaseModel):
    cell_id: str
    center: list[float]
    count: int
    weight: float


class HeatmapOut(BaseModel):
    bbox: list[float]
    resolution: int
    cells: list[HeatCell]
    max_weight: float
    total: int
    period: Period


class Factor(BaseModel):
    name: str
    impact: float
    detail: str


class SafetyScoreOut(BaseModel):
    score: float
    grade: str
    level: str
    factors: list[Factor]
    nearby_incidents: int
    radius_m: float
    at: str
    computed_at: str
    relative_risk: float
    location: Point
    period: Period


class TimeAnalysis(BaseModel):
    by_hour: list[int]
    by_weekday: list[int]
    peak_hours: list[int]
    safest_hours: list[int]


class LocationComparison(BaseModel):
    area_rate_per_km2: float
    baseline_rate_per_km2: float
    ratio: float
    percentile: float


class RiskPrediction(BaseModel):
    risk_level: str
    expected_incidents_next_7d: float
    trend: str
    confidence: float
    method: str
    recent_rate_per_day: float
    earlier_rate_per_day: float
    trend_z: float


class RepeatLocation(BaseModel):
    coordinates: list[float]
    count: int


class IncidentPatterns(BaseModel):
    recurring_categories: list[str]
    hotspot_hours: list[int]
    repeat_locations: list[RepeatLocation]
    summary: str


class DangerAnalyticsOut(BaseModel):
    location: Point
    radius_m: float
    period: Period
    incident_count: int
    by_category: dict[str, int]
    by_severity: dict[str, int]
    time_analysis: TimeAnalysis
    comparison: LocationComparison
    prediction: RiskPrediction
    patterns: IncidentPatterns
    safety_score: SafetyScoreOut


class RouteSegment(BaseModel):
    from_: list[float] = Field(alias="from")
    to: list[float]
    score: float
    incident_count: int
    danger_zone_ids: list[str]
    grade: str
    level: str
    start_m: float
    end_m: float
    factors: list[Factor]
    path: list[list[float]]


class RouteSafetyOut(BaseModel):
    score: float
    grade: str
    level: str
    distance_m: float
    segments: list[RouteSegment]
    hotspots: list[DangerZoneOut]
    safe_zones: list[SafeZoneOut]
    advice: list[str]
    incident_count: int
    buffer_m: float
    departure_at: str
    period: Period
    coordinate_warning: str | None = None
