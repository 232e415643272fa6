// The offline basemap: country borders and coastlines (Natural Earth, from
// the npm package world-atlas, built into assets/basemap/ by
// scripts/build_basemap.py) drawn in a pane UNDER the tile pane. When tiles
// load they cover it; when they cannot (a closed network) or no tile server
// is set, it is what the map shows, with a small "offline map" note.
import { useMemo, useState, useEffect } from "react";
import { GeoJSON, Pane } from "react-leaflet";

const PANE = "sety-basemap";
const LAND = { color: "#8a94a0", weight: 0.8, fillColor: "#eef0ea", fillOpacity: 1, opacity: 1 };
export const SEA = "#c9d6df";

// One request per page load, shared by every map on the page.
let pending = null;
function loadBasemap(url) {
  if (!pending) {
    pending = fetch(url)
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
  }
  return pending;
}

// Whether the tiles work: "none" (no tile server), "pending", "ok" (one
// tile loaded) or "failed" (errors and nothing loaded). Pass `handlers` to
// the TileLayer's eventHandlers.
export function useTileStatus(tileUrl) {
  const [status, setStatus] = useState(tileUrl ? "pending" : "none");
  useEffect(() => setStatus(tileUrl ? "pending" : "none"), [tileUrl]);
  const handlers = useMemo(() => ({
    tileload: () => setStatus("ok"),
    tileerror: () => setStatus((s) => (s === "ok" ? s : "failed")),
  }), []);
  return [status, handlers];
}

export function OfflineBasemap({ url = "/basemap/world.geojson" }) {
  const [data, setData] = useState(null);
  useEffect(() => {
    let live = true;
    loadBasemap(url).then((d) => { if (live) setData(d); });
    return () => { live = false; };
  }, [url]);
  return (
    // Below the tile pane (z-index 200): tiles, when they load, cover it.
    <Pane name={PANE} style={{ zIndex: 150 }}>
      {data ? (
        <GeoJSON data={data} pane={PANE} style={LAND} interactive={false}
          className="sety-basemap" />
      ) : null}
    </Pane>
  );
}

export function OfflineNote({ status }) {
  if (status !== "none" && status !== "failed") return null;
  return (
    <div className="sety-offline-note" style={{
      position: "absolute", left: "8px", bottom: "8px", zIndex: 450, padding: "1px 6px",
      font: "11px/1.5 system-ui, sans-serif", color: "#333", background: "rgba(255,255,255,0.8)",
      borderRadius: "3px", pointerEvents: "none" }}>
      offline map
    </div>
  );
}
