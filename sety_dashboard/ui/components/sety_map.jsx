// A Leaflet map for Sety pages: vector markers (they render even when the
// tiles cannot load), optional circles (zones), fit-to-markers, click events.
import { useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import {
  Circle,
  CircleMarker,
  MapContainer,
  TileLayer,
  Tooltip,
  useMap,
  useMapEvents,
} from "react-leaflet";
import "leaflet/dist/leaflet.css";
import { OfflineBasemap, OfflineNote, SEA, useTileStatus } from "./offline_basemap.jsx";

// Refit the view when the set of markers changes (a new or a closed one),
// not on every update of a marker, so the map does not jump around.
function FitToMarkers({ markers, fitKey, maxZoom }) {
  const map = useMap();
  const last = useRef(null);
  const key = fitKey ?? markers.map((m) => m.id).sort().join(",");
  useEffect(() => {
    if (key === last.current || markers.length === 0) return;
    last.current = key;
    if (markers.length === 1) {
      map.setView([markers[0].lat, markers[0].lng], Math.min(maxZoom, 15));
    } else {
      map.fitBounds(markers.map((m) => [m.lat, m.lng]), { padding: [24, 24], maxZoom });
    }
  }, [key, markers, map, maxZoom]);
  return null;
}

// Markers with `stale_after` (ISO time; responder positions) are drawn
// hollow and grey, "(stale)" added to their label, once that time passed.
function useStaleClock(markers) {
  const [now, setNow] = useState(Date.now());
  const any = markers.some((m) => m.stale_after);
  useEffect(() => {
    if (!any) return undefined;
    const t = setInterval(() => setNow(Date.now()), 15000);
    return () => clearInterval(t);
  }, [any]);
  return now;
}

function isStale(m, now) {
  return Boolean(m.stale_after) && Date.parse(m.stale_after) <= now;
}

function ClickEvents({ onMapClick }) {
  useMapEvents({
    click(e) {
      if (onMapClick) onMapClick(e.latlng.lat, e.latlng.lng);
    },
  });
  return null;
}

export function SetyMap({
  markers = [],
  circles = [],
  center = [6.5244, 3.3792],
  zoom = 12,
  maxZoom = 16,
  fit = true,
  fitKey,
  tileUrl,
  attribution,
  height = "320px",
  onMapClick,
  onMarkerClick,
  id,
}) {
  const navigate = useNavigate();
  const now = useStaleClock(markers);
  const [tiles, tileEvents] = useTileStatus(tileUrl);
  const style = useMemo(() => ({ height, width: "100%", borderRadius: "6px", background: SEA }),
    [height]);
  return (
    <div id={id} data-markers={markers.length} style={{ position: "relative", width: "100%" }}>
      <MapContainer center={center} zoom={zoom} style={style} scrollWheelZoom={true}
        attributionControl={true}>
        <OfflineBasemap />
        {tileUrl ? <TileLayer url={tileUrl} attribution={attribution}
          eventHandlers={tileEvents} /> : null}
        {circles.map((c) => (
          <Circle key={c.id} center={[c.lat, c.lng]} radius={c.radius_m}
            pathOptions={{ color: c.color || "#e5484d", weight: 1, fillOpacity: 0.15 }}>
            {c.label ? <Tooltip>{c.label}</Tooltip> : null}
          </Circle>
        ))}
        {markers.map((m) => (
          <CircleMarker key={m.id} center={[m.lat, m.lng]} radius={m.radius || 8}
            pathOptions={isStale(m, now)
              ? { color: "#8b8d98", weight: 2, fillColor: "#8b8d98", fillOpacity: 0.15,
                dashArray: "3 3" }
              : { color: "#111", weight: 1.5, fillColor: m.color || "#e5484d", fillOpacity: 0.9 }}
            className={`sety-map-marker${m.kind ? ` sety-map-${m.kind}` : ""}${
              isStale(m, now) ? " sety-map-stale" : ""}`}
            eventHandlers={{
              click: () => {
                if (onMarkerClick) onMarkerClick(m.id);
                else if (m.href) navigate(m.href);
              },
            }}>
            {m.label ? <Tooltip>{m.label + (isStale(m, now) ? " (stale)" : "")}</Tooltip> : null}
          </CircleMarker>
        ))}
        {fit ? <FitToMarkers markers={markers} fitKey={fitKey} maxZoom={maxZoom} /> : null}
        {onMapClick ? <ClickEvents onMapClick={onMapClick} /> : null}
      </MapContainer>
      <OfflineNote status={tiles} />
    </div>
  );
}
