"""A Leaflet map (react-leaflet, from the npm registry) for any Sety page.

Markers are vector circles, so they show even when map tiles cannot load
(no internet in the control room): the tiles are a backdrop, not the data.
Under the tiles lies an offline basemap (offline_basemap.jsx: country
borders and coastlines, assets/basemap/world.geojson), which is what shows,
with a note "offline map", when tiles fail or `SETY_MAP_TILE_URL` is empty.
The tile server comes from `SETY_MAP_TILE_URL` (OpenStreetMap by default,
with its attribution); Leaflet's stylesheet is bundled from the npm package
at build time — no CDN.

Use `sety_map(markers=..., circles=..., tile_url=..., attribution=...)`:

- `markers`: list of `{"id", "lat", "lng", "color"?, "label"?, "href"?, "radius"?}`;
  clicking one follows its `href` (or calls `on_marker_click(id)`);
- `circles`: list of `{"id", "lat", "lng", "radius_m", "color"?, "label"?}`
  (danger zones, safe areas);
- `on_map_click(lat, lng)`: for "click anywhere" pages (threat map);
- the view fits the markers when their set changes (`fit=False` to keep it).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from sety_dashboard.ui.components.leaflet import LeafletMap
from sety_dashboard.ui.components.react_files import react_module

SEVERITY_COLORS = {"critical": "#e5484d", "high": "#f76b15", "medium": "#ffc53d", "low": "#8b8d98"}


class SetyMap(LeafletMap):
    # It imports the offline basemap layer.
    library = react_module("sety_map.jsx", "offline_basemap.jsx")
    tag = "SetyMap"

    markers: rx.Var[list[dict[str, Any]]]
    circles: rx.Var[list[dict[str, Any]]]
    max_zoom: rx.Var[int]
    fit: rx.Var[bool]
    fit_key: rx.Var[str]

    on_marker_click: rx.EventHandler[lambda marker_id: [marker_id]]


sety_map = SetyMap.create
