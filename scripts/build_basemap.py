"""Build the offline basemap (assets/basemap/world.geojson) from Natural Earth.

Source: the npm package `world-atlas` (ISC licence; Natural Earth data, public
domain), installed by `make basemap`. Countries come from its 1:50 million
TopoJSON; the countries in DETAIL (Nigeria and its neighbours, where the demo
cities are) from the 1:10 million one, so coastlines and lagoons near Lagos
are drawn finer. The output is plain GeoJSON: country polygons (borders and
coastlines are their outlines) with their `name`, coordinates rounded to
about 100 m, repeated points dropped.

    python scripts/build_basemap.py NODE_MODULES/world-atlas assets/basemap/world.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DETAIL = {"Nigeria", "Benin", "Niger", "Cameroon", "Chad", "Togo", "Ghana"}
DIGITS = 3


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute [lng, lat] points of every arc (quantized, delta-encoded
    TopoJSON: each point after the first is an offset from the one before)."""
    t = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for p in arc:
            if t:
                x, y = x + p[0], y + p[1]
                points.append((x * t["scale"][0] + t["translate"][0],
                               y * t["scale"][1] + t["translate"][1]))
            else:
                points.append((p[0], p[1]))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """One closed ring from its arcs (a negative index ~i is arc i reversed);
    consecutive arcs share their joining point, which is kept once."""
    out: list[list[float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        for k, (lng, lat) in enumerate(points):
            if out and k == 0:
                continue
            p = [round(lng, DIGITS), round(lat, DIGITS)]
            if not out or out[-1] != p:
                out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def features(topology: dict[str, Any], keep) -> list[dict[str, Any]]:
    arcs = decode_arcs(topology)
    out = []
    for geom in topology["objects"]["countries"]["geometries"]:
        name = (geom.get("properties") or {}).get("name", "")
        if not keep(name):
            continue
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        rings = [[ring(r, arcs) for r in poly] for poly in polys]
        rings = [[r for r in poly if len(r) >= 4] for poly in rings]
        rings = [poly for poly in rings if poly]
        if rings:
            out.append({"type": "Feature", "properties": {"name": name},
                        "geometry": {"type": "MultiPolygon", "coordinates": rings}})
    return out


def build(package: Path) -> dict[str, Any]:
    coarse = json.loads((package / "countries-50m.json").read_text())
    fine = json.loads((package / "countries-10m.json").read_text())
    feats = features(coarse, lambda n: n not in DETAIL) + features(fine, lambda n: n in DETAIL)
    feats.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection",
            "properties": {"source": "Natural Earth 4.1.0 via world-atlas 2.0.2 (public domain)"},
            "features": feats}


def main() -> None:
    package, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(build(package), separators=(",", ":")))
    print(f"{target}: {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
