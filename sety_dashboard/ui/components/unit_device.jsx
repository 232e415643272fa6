// The phone side of the responder page (/me): the new-assignment alert
// (sound + vibration) and the location sharing (Geolocation API).
import { useEffect, useRef, useState } from "react";

// Each time `seq` goes up (never on the first render, so a reload is
// silent): play `src` and vibrate where the phone can (Vibration API).
// `data-alerted` counts alerts, `data-vibrate` says whether the phone took
// the vibration ("yes", "no", or "unsupported") so tests can see it.
export function UnitAlert({ seq = 0, src, id }) {
  const audio = useRef(null);
  const last = useRef(null);
  const [alerted, setAlerted] = useState(0);
  const [vibrate, setVibrate] = useState("");
  useEffect(() => {
    if (last.current === null || seq <= last.current) {
      last.current = seq;
      return;
    }
    last.current = seq;
    setAlerted((n) => n + 1);
    if (typeof navigator !== "undefined" && typeof navigator.vibrate === "function") {
      setVibrate(navigator.vibrate([400, 150, 400, 150, 400]) ? "yes" : "no");
    } else {
      setVibrate("unsupported");
    }
    if (audio.current) {
      audio.current.currentTime = 0;
      const p = audio.current.play();
      if (p && p.catch) p.catch(() => {});
    }
  }, [seq]);
  return (
    <span id={id} data-alerted={alerted} data-vibrate={vibrate} style={{ display: "none" }}>
      <audio ref={audio} src={src} preload="auto" />
    </span>
  );
}

// While `enabled`: read the position now and then every `intervalMs`, and
// hand each fix to `onPosition(lat, lng, accuracy)`. `onStatus` gets
// "sharing", "denied", "unavailable" (no GPS / no API) or "off".
export function LocationShare({ enabled = false, intervalMs = 15000, onPosition, onStatus, id }) {
  const handlers = useRef({ onPosition, onStatus });
  handlers.current = { onPosition, onStatus };
  const [status, setStatus] = useState("off");
  useEffect(() => {
    const say = (s) => {
      setStatus(s);
      if (handlers.current.onStatus) handlers.current.onStatus(s);
    };
    if (!enabled) {
      say("off");
      return undefined;
    }
    if (typeof navigator === "undefined" || !navigator.geolocation) {
      say("unavailable");
      return undefined;
    }
    let stopped = false;
    const read = () => {
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          if (stopped) return;
          say("sharing");
          if (handlers.current.onPosition) {
            handlers.current.onPosition(pos.coords.latitude, pos.coords.longitude,
              Math.round(pos.coords.accuracy || 0));
          }
        },
        (err) => {
          if (!stopped) say(err && err.code === 1 ? "denied" : "unavailable");
        },
        { enableHighAccuracy: true, maximumAge: 10000, timeout: 12000 },
      );
    };
    read();
    const timer = setInterval(read, Math.max(intervalMs, 5000));
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [enabled, intervalMs]);
  return <span id={id} data-status={status} style={{ display: "none" }} />;
}
