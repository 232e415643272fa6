"""The threat map widget (react-leaflet from the npm registry, Leaflet's CSS
bundled at build time: nothing loads from a CDN).

Layers, all vectors so they show without tiles: `cells` (heatmap hexagons:
`{"id", "b": [[lat, lng], …], "c": colour, "o": opacity}`), `zones`
(danger zones: `{"id", "shape": [[[lat, lng], …], …], "color", "label"}`, the
outline of the zone's cells),
`safe_zones` (`{"id", "lat", "lng", "label"}`), `spot` (the picked place:
`{"lat", "lng", "radius_m"}`), `route_points` (`[[lng, lat], …]`) and
`route_segments` (`{"id", "path": [[lat, lng], …], "color", "label"}`).

Events: `on_view_change(bbox, zoom)` when the map is ready and after every
pan or zoom (`bbox` = `[minLng, minLat, maxLng, maxLat]`), and
`on_map_click(lat, lng)`. `focus` (`{"key", "lat", "lng", "zoom"}`, or with
`radius_m` to fit that circle) moves the view when its key changes.

Under everything, in a pane below the tiles, the offline basemap
(offline_basemap.jsx: country borders and coastlines): what the map shows
when tiles cannot load or `SETY_MAP_TILE_URL` is empty, with a note "offline
map".
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from sety_dashboard.ui.components.leaflet import LeafletMap
from sety_dashboard.ui.components.react_files import react_module


class ThreatMap(LeafletMap):
    # It imports the offline basemap layer.
    library = react_module("threat_map.jsx", "offline_basemap.jsx")
    tag = "ThreatMap"

    cells: rx.Var[list[dict[str, Any]]]
    zones: rx.Var[list[dict[str, Any]]]
    safe_zones: rx.Var[list[dict[str, Any]]]
    spot: rx.Var[dict[str, Any]]
    route_points: rx.Var[list[list[float]]]
    route_segments: rx.Var[list[dict[str, Any]]]
    focus: rx.Var[dict[str, Any]]
    cursor: rx.Var[str]

    on_view_change: rx.EventHandler[lambda bbox, zoom: [bbox, zoom]]


threat_map = ThreatMap.create
