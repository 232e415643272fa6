"""A small city of incidents for threat tests, written through the real
incident service with the clock moved to each incident's time."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from sety_dashboard.core.db import write_session
from sety_dashboard.domain.threat.safe_zones import CreateSafeZoneRequest, create_safe_zone
from tests.factories import make_incident

NOW = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
HOT = (3.3792, 6.5244)          # [lng, lat]: a night-time hot spot in Ikoyi
QUIET = (3.3792, 6.5784)        # 6 km north: nothing ever happened there
HOT_COUNT = 24
BACKGROUND_COUNT = 16


def shift(point: tuple[float, float], east_m: float, north_m: float) -> tuple[float, float]:
    lng, lat = point
    # Degrees on the same sphere as the haversine distances the code measures.
    m = 111_195.08
    return (lng + east_m / (m * math.cos(math.radians(lat))), lat + north_m / m)


def add(clock: Any, when: datetime, point: tuple[float, float], address: str | None = None,
        landmark: str | None = None, **overrides: Any) -> str:
    clock.set(when)
    overrides.setdefault("category", "security")
    location: dict[str, Any] = {"coordinates": list(point)}
    if address is not None:
        location["address"] = address
    if landmark is not None:
        location["landmark"] = landmark
    return make_incident(location=location, **overrides)


def night_time(days_ago: int, hour: int) -> datetime:
    day = (NOW - timedelta(days=days_ago)).replace(hour=0, minute=0, second=0, microsecond=0)
    return day + timedelta(hours=hour, minutes=7 * days_ago % 50)


def build_city(clock: Any) -> dict[str, list[str]]:
    """24 night incidents within ~120 m of HOT over the last 40 days, and 16
    daytime incidents spread 1.5–4 km around it over 80 days."""
    hot, background = [], []
    for i in range(HOT_COUNT):
        angle = 2 * math.pi * i / HOT_COUNT
        r = 20 + 100 * (i % 5) / 4
        point = shift(HOT, r * math.cos(angle), r * math.sin(angle))
        hour = (22, 23, 0, 1)[i % 4]
        # Addresses as the app records them: most say Oshodi, half of them by
        # the pedestrian bridge (the zone's name comes from these).
        address = (f"{10 + i} Agege Motor Road, Oshodi" if i % 6 else
                   f"{i} Ikorodu Road, Mushin")
        hot.append(add(clock, night_time(1 + (i * 37) % 40, hour), point,
                       category=("security", "sos", "harassment")[i % 3],
                       address=address,
                       landmark="near the pedestrian bridge" if i % 2 else None))
    for i in range(BACKGROUND_COUNT):
        angle = 2 * math.pi * i / BACKGROUND_COUNT + 0.3
        r = 1500 + 2500 * (i % 4) / 3
        point = shift(HOT, r * math.cos(angle), r * math.sin(angle))
        background.append(add(clock, night_time(2 + (i * 11) % 78, 8 + (i * 5) % 12), point,
                              category=("accident", "other", "medical")[i % 3],
                              severity=("low", "medium")[i % 2]))
    clock.set(NOW)
    return {"hot": hot, "background": background}


def add_drills(clock: Any, points: list[tuple[float, float]], per_point: int = 10) -> None:
    for point in points:
        for k in range(per_point):
            add(clock, night_time(1 + k, (2 + k) % 24), shift(point, 10 * k, 0),
                category="sos", is_drill=True)
    clock.set(NOW)


def make_safe_zone(name: str, point: tuple[float, float], kind: str = "police",
                   open_24h: bool = True) -> str:
    with write_session() as session:
        return create_safe_zone(session, request=CreateSafeZoneRequest(
            name=name, kind=kind, location={"coordinates": list(point)},
            open_24h=open_24h)).id
