"""The threat map's state: what is on screen, the picked spot, the route.

Every handler checks the signed-in user's role on the server first
(`_viewer`), then reads through the threat domain in a worker thread
(`threat_layers.py`). The map tells the server its view after every pan or
zoom; the heatmap, danger zones and safe zones of that view are read again.
New incidents and safe zones arrive through the live bridge and refresh the
layers when they land in the view.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import reflex as rx
from pydantic import ValidationError

from sety_dashboard.domain.errors import DomainError
from sety_dashboard.domain.threat.pasted_path import PastedPathError, parse_pasted_path
from sety_dashboard.domain.users.permissions import can_see_threat_map
from sety_dashboard.ui import live
from sety_dashboard.ui.state.auth import AuthState, describe_error
from sety_dashboard.ui.state.fields import TypedFields
from sety_dashboard.ui.viewmodels import threat_layers as layers

THREAT_TOPIC = "threat"
MAX_ROUTE_POINTS = 1000


def _threat_topics(_data: dict[str, Any]) -> list[str]:
    return [THREAT_TOPIC]


live.add_topic_rule("incident.created", _threat_topics)
live.add_topic_rule("safe_zone.created", _threat_topics)


class ThreatState(TypedFields, AuthState):
    def _typed_fields(self) -> tuple[str, ...]:
        return ("show_heat", "show_zones", "show_safe")

    loaded: bool = False
    # What the map shows.
    bbox: list[float] = []
    zoom: int = 13
    resolution: int = 8
    days: str = "90"
    category: str = "all"
    show_heat: bool = True
    show_zones: bool = True
    show_safe: bool = True
    mode: str = "inspect"          # or "route": clicks add route points
    cells: list[dict[str, Any]] = []
    zones: list[dict[str, Any]] = []
    safe_zones: list[dict[str, Any]] = []
    heat_total: int = 0
    view_note: str = ""
    view_error: str = ""
    focus: dict[str, Any] = {}
    # The picked spot.
    spot: dict[str, Any] = {}
    spot_factors: list[dict[str, str]] = []
    spot_hours: list[dict[str, Any]] = []
    spot_busy: bool = False
    spot_error: str = ""
    # The route.
    route_points: list[list[float]] = []
    route_text: str = ""
    route: dict[str, Any] = {}
    route_advice: list[str] = []
    route_segments: list[dict[str, Any]] = []
    route_busy: bool = False
    route_error: str = ""
    route_hint: str = ""           # what the box holds so far, before analysis

    @rx.var
    def map_cells(self) -> list[dict[str, Any]]:
        return self.cells if self.show_heat else []

    @rx.var
    def map_zones(self) -> list[dict[str, Any]]:
        return self.zones if self.show_zones else []

    @rx.var
    def map_safe_zones(self) -> list[dict[str, Any]]:
        return self.safe_zones if self.show_safe else []

    @rx.var
    def map_spot(self) -> dict[str, Any]:
        if not self.spot:
            return {}
        return {"lat": self.spot["lat"], "lng": self.spot["lng"],
                "radius_m": layers.SPOT_SCORE_RADIUS_M}

    @rx.var
    def has_spot(self) -> bool:
        return bool(self.spot)

    @rx.var
    def has_route(self) -> bool:
        return bool(self.route)

    @rx.var
    def route_flagged(self) -> bool:
        return bool(self.route.get("warning"))

    async def _viewer(self) -> bool:
        """Is a user who may see the threat map signed in? (asked each time)"""
        actor = await self.current_actor()
        return actor is not None and can_see_threat_map(actor.role)

    # -- page and view ---------------------------------------------------------

    @rx.event
    async def load(self):
        self.loaded = False
        if await self.admit(can_see_threat_map) is None:
            live.unwatch(self)
            return self.refused()
        self.loaded = True
        live.watch(self, THREAT_TOPIC)
        if self.bbox:
            await self._read_view()
        return None

    async def _ask(self, error_var: str, read: Callable[..., dict[str, Any]],
                   *args: Any) -> dict[str, Any] | None:
        """One read of the threat layers, off the event loop, for the chosen
        window and category. A refusal is said in `error_var` (and None comes
        back); an answer clears it."""
        try:
            out = await asyncio.to_thread(read, *args, int(self.days), self.category)
        except (DomainError, ValidationError) as exc:
            setattr(self, error_var, describe_error(exc))
            return None
        setattr(self, error_var, "")
        return out

    async def _read_view(self) -> None:
        out = await self._ask("view_error", layers.view_layers, self.bbox, self.zoom)
        if out is None:
            return
        self.resolution = out["resolution"]
        self.cells = out["cells"]
        self.zones = out["zones"]
        self.safe_zones = out["safe_zones"]
        self.heat_total = out["heat_total"]
        self.view_note = " ".join(out["notes"])

    @rx.event
    async def view_changed(self, bbox: list[float], zoom: int):
        if not await self._viewer():
            return self.refused()
        if len(bbox) != 4:
            return None
        # Clamp to the world: a zoomed-out map reports longitudes past ±180.
        west, south, east, north = (float(v) for v in bbox)
        self.bbox = [max(-180.0, west), max(-85.0, south), min(180.0, east), min(85.0, north)]
        self.zoom = int(zoom)
        await self._read_view()
        return None

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        """A new incident or safe zone: read the view again if it lands in it
        (drills never count; what happens elsewhere changes nothing here)."""
        if not self.bbox:
            return
        if envelope.get("type") != live.RELOAD:
            data = envelope.get("data") or {}
            if data.get("is_drill"):
                return
            coords = (data.get("location") or {}).get("coordinates") or []
            west, south, east, north = self.bbox
            if len(coords) == 2 and not (west <= coords[0] <= east and south <= coords[1] <= north):
                return
        await self._read_view()

    @rx.event
    async def set_days(self, value: str):
        if value in ("7", "30", "90", "365"):
            self.days = value
        return await self._reread()

    @rx.event
    async def set_category(self, value: str):
        self.category = value
        return await self._reread()

    async def _reread(self) -> Any:
        if not await self._viewer():
            return self.refused()
        if self.bbox:
            await self._read_view()
        if self.spot:
            await self._read_spot(self.spot["lat"], self.spot["lng"])
        if self.route_points and self.route:
            await self._read_route()
        return None

    @rx.event
    def set_mode(self, value: str | list[str]):
        self.mode = "route" if value == "route" else "inspect"

    @rx.event
    def show_zone(self, zone_id: str):
        """Fit the map to the zone (its centre and radius)."""
        for z in self.zones:
            if z["id"] == zone_id:
                self.focus = {"key": f"{zone_id}-{time.monotonic()}", "lat": z["lat"],
                              "lng": z["lng"], "radius_m": z["radius_m"]}

    # -- a spot ------------------------------------------------------------------

    @rx.event
    async def map_clicked(self, lat: float, lng: float):
        if not await self._viewer():
            yield self.refused()
            return
        lat, lng = round(float(lat), 6), round(float(lng), 6)
        if self.mode == "route":
            if len(self.route_points) < MAX_ROUTE_POINTS:
                self.route_points = [*self.route_points, [lng, lat]]
                # The box speaks the phone-map order: latitude, longitude.
                self.route_text = "\n".join(f"{p[1]}, {p[0]}" for p in self.route_points)
                self.route_hint = self._points_note(len(self.route_points))
            return
        self.spot_busy = True
        yield
        await self._read_spot(lat, lng)
        self.spot_busy = False

    async def _read_spot(self, lat: float, lng: float) -> None:
        spot = await self._ask("spot_error", layers.spot_report, lat, lng)
        if spot is not None:
            self.spot_factors, self.spot_hours = spot.pop("factors"), spot.pop("hours")
            self.spot = spot

    @rx.event
    def clear_spot(self):
        self.spot, self.spot_factors, self.spot_hours = {}, [], []

    # -- a route -----------------------------------------------------------------

    @staticmethod
    def _points_note(n: int) -> str:
        return f"{n} point{'s' if n != 1 else ''} on the map"

    @rx.event
    def set_route_text(self, value: str):
        """Read the box as it is typed or pasted and draw its points at once,
        before any analysis: a wrong order shows as points in the wrong place."""
        self.route_text = value[:100_000]
        if not self.route_text.strip():
            self.route_hint = ""
            return
        try:
            points = parse_pasted_path(self.route_text)
        except PastedPathError as exc:
            self.route_hint = f"{str(exc)[0].upper()}{str(exc)[1:]}."
            return
        if points != self.route_points:
            self.route_points = points
            self.route, self.route_segments, self.route_advice = {}, [], []
        self.route_hint = self._points_note(len(points))

    @rx.event
    async def analyse_route(self, form: dict[str, Any]):
        if not await self._viewer():
            yield self.refused()
            return
        self.route_text = str(form.get("route", self.route_text))[:100_000]
        try:
            points = parse_pasted_path(self.route_text)
        except PastedPathError as exc:
            self.route_error = f"Route: {exc}."
            return
        self.route_points = points
        self.route_hint = self._points_note(len(points))
        self.route_busy = True
        yield
        await self._read_route(points)
        self.route_busy = False

    async def _read_route(self, points: list[Any] | None = None) -> None:
        report = await self._ask("route_error", layers.route_report,
                                 points or self.route_points)
        if report is None:
            self.route, self.route_segments, self.route_advice = {}, [], []
            return
        self.route_segments, self.route_advice = report.pop("segments"), report.pop("advice")
        self.route = report

    @rx.event
    def clear_route(self):
        self.route_points, self.route_text, self.route_hint = [], "", ""
        self.route, self.route_segments, self.route_advice, self.route_error = {}, [], [], ""
