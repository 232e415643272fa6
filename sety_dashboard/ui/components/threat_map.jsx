// The threat map: heatmap hexagons, danger zones, safe zones, a picked spot
// and a route with its pieces coloured by risk. Everything is drawn as
// vectors, so it all shows even when the map tiles cannot load. Class names
// are props, not pathOptions: Leaflet reads `className` only when it creates
// a path, and react-leaflet applies pathOptions later.
import { useEffect, useMemo, useRef } from "react";
import L from "leaflet";
import {
  Circle,
  CircleMarker,
  MapContainer,
  Polygon,
  Polyline,
  TileLayer,
  Tooltip,
  useMap,
  useMapEvents,
} from "react-leaflet";
import "leaflet/dist/leaflet.css";
import { OfflineBasemap, OfflineNote, SEA, useTileStatus } from "./offline_basemap.jsx";

function viewOf(map) {
  const b = map.getBounds();
  return [
    [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => Math.round(v * 1e6) / 1e6),
    map.getZoom(),
  ];
}

// Tell the server what is on screen: once when the map is ready, then after
// every pan or zoom (Leaflet's moveend fires once the movement has stopped).
function ViewEvents({ onViewChange, onMapClick }) {
  const map = useMapEvents({
    moveend() {
      if (onViewChange) onViewChange(...viewOf(map));
    },
    click(e) {
      if (onMapClick) onMapClick(e.latlng.lat, e.latlng.lng);
    },
  });
  useEffect(() => {
    if (onViewChange) onViewChange(...viewOf(map));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}

// Move the view when the server asks (e.g. "show this zone"), keyed so the
// same request is not repeated on every render. With `radius_m`, the view
// fits that circle (the whole zone, a little margin around it).
function Focus({ focus }) {
  const map = useMap();
  const last = useRef(null);
  useEffect(() => {
    if (!focus || !focus.key || focus.lat == null || focus.key === last.current) return;
    last.current = focus.key;
    if (focus.radius_m) {
      map.fitBounds(L.latLng(focus.lat, focus.lng).toBounds(focus.radius_m * 2.6),
        { maxZoom: 17 });
    } else {
      map.setView([focus.lat, focus.lng], focus.zoom || map.getZoom());
    }
  }, [focus, map]);
  return null;
}

export function ThreatMap({
  cells = [],
  zones = [],
  safeZones = [],
  spot = null,
  routePoints = [],
  routeSegments = [],
  center = [6.5244, 3.3792],
  zoom = 13,
  focus = null,
  tileUrl,
  attribution,
  height = "640px",
  cursor = "pointer",
  onViewChange,
  onMapClick,
  id,
}) {
  // The server sends {} for "no spot".
  const hasSpot = spot && spot.lat != null && spot.lng != null;
  const [tiles, tileEvents] = useTileStatus(tileUrl);
  const style = useMemo(() => ({ height, width: "100%", borderRadius: "6px", cursor,
    background: SEA }), [height, cursor]);
  return (
    <div id={id} data-cells={cells.length} data-zones={zones.length}
      data-safe-zones={safeZones.length} data-route-segments={routeSegments.length}
      style={{ position: "relative", width: "100%" }}>
      {/* Leaflet outlines a clicked vector for keyboard users; on a map read
          from across the room it looks like a stray box. */}
      <style>{".sety-danger-zone:focus,.sety-safe-zone:focus,.sety-route-segment:focus{outline:none}"}</style>
      <MapContainer center={center} zoom={zoom} style={style} scrollWheelZoom={true}
        attributionControl={true} preferCanvas={false}>
        <OfflineBasemap />
        {tileUrl ? <TileLayer url={tileUrl} attribution={attribution}
          eventHandlers={tileEvents} /> : null}
        {cells.map((c) => (
          <Polygon key={c.id} positions={c.b} interactive={false}
            pathOptions={{ color: c.c, weight: 0.5, fillColor: c.c, fillOpacity: c.o,
              opacity: 0.6 }}
            className="sety-heat-cell" />
        ))}
        {zones.map((z) => (
          // The zone's own cells, outlined: its exact shape (a place inside
          // it is what the scores cap). Interactive for its tooltip; clicks
          // still bubble to the map.
          <Polygon key={z.id} positions={z.shape}
            pathOptions={{ color: z.color, weight: 2, dashArray: "6 4", fillColor: z.color,
              fillOpacity: 0.12 }}
            className="sety-danger-zone">
            <Tooltip sticky>{z.label}</Tooltip>
          </Polygon>
        ))}
        {routePoints.length > 1 && routeSegments.length === 0 ? (
          // The pasted or clicked path before analysis, so a wrong order
          // shows at once (points in the sea, or in another country).
          <Polyline positions={routePoints.map((p) => [p[1], p[0]])} interactive={false}
            pathOptions={{ color: "#0090ff", weight: 3, dashArray: "4 6", opacity: 0.9 }}
            className="sety-route-preview" />
        ) : null}
        {routeSegments.map((s) => (
          <Polyline key={s.id} positions={s.path}
            pathOptions={{ color: s.color, weight: 7, opacity: 0.9 }}
            className="sety-route-segment">
            <Tooltip sticky>{s.label}</Tooltip>
          </Polyline>
        ))}
        {routePoints.map((p, i) => (
          <CircleMarker key={`rp${i}`} center={[p[1], p[0]]} radius={4} interactive={false}
            pathOptions={{ color: "#111", weight: 1, fillColor: "#fff", fillOpacity: 1 }}
            className="sety-route-point" />
        ))}
        {safeZones.map((s) => (
          <CircleMarker key={s.id} center={[s.lat, s.lng]} radius={7}
            pathOptions={{ color: "#0b3d2e", weight: 2, fillColor: "#30a46c", fillOpacity: 1 }}
            className="sety-safe-zone">
            <Tooltip>{s.label}</Tooltip>
          </CircleMarker>
        ))}
        {hasSpot ? (
          <CircleMarker center={[spot.lat, spot.lng]} radius={9} interactive={false}
            pathOptions={{ color: "#fff", weight: 3, fillColor: "#0090ff", fillOpacity: 1 }}
            className="sety-spot" />
        ) : null}
        {hasSpot && spot.radius_m ? (
          <Circle center={[spot.lat, spot.lng]} radius={spot.radius_m} interactive={false}
            pathOptions={{ color: "#0090ff", weight: 1, fillOpacity: 0.04 }} />
        ) : null}
        <ViewEvents onViewChange={onViewChange} onMapClick={onMapClick} />
        <Focus focus={focus} />
      </MapContainer>
      <OfflineNote status={tiles} />
    </div>
  );
}
