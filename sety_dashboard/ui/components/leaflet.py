"""What every Leaflet map of the dashboard shares (the board's `sety_map`,
the threat map): react-leaflet and Leaflet from the npm registry at one
pinned version, client-only rendering, and the props every map takes (view,
tiles, size, clicks). Each map's module copies the offline basemap beside its
own React file (`rx.asset` places a shared file by the module that names it)."""

from __future__ import annotations

import reflex as rx


class LeafletMap(rx.NoSSRComponent):
    """Client-only: Leaflet needs `window`, so a map is never prerendered."""

    lib_dependencies: list[str] = ["react-leaflet@5.0.0", "leaflet@1.9.4"]

    center: rx.Var[list[float]]
    zoom: rx.Var[int]
    tile_url: rx.Var[str]
    attribution: rx.Var[str]
    height: rx.Var[str]

    on_map_click: rx.EventHandler[lambda lat, lng: [lat, lng]]
