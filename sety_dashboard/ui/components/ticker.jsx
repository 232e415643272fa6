// The time, moving on in the browser: one timer per period for the whole
// page, shared by every component that shows a running time (SLA countdowns
// each second, time on site every 15 s), not one timer per row.
import { useEffect, useState } from "react";

const clocks = new Map(); // period (ms) -> { listeners, timer }

function subscribe(periodMs, fn) {
  let clock = clocks.get(periodMs);
  if (!clock) {
    clock = { listeners: new Set(), timer: null };
    clocks.set(periodMs, clock);
  }
  clock.listeners.add(fn);
  if (clock.timer === null) {
    clock.timer = setInterval(() => {
      const now = Date.now();
      clock.listeners.forEach((l) => l(now));
    }, periodMs);
  }
  return () => {
    clock.listeners.delete(fn);
    if (clock.listeners.size === 0 && clock.timer !== null) {
      clearInterval(clock.timer);
      clock.timer = null;
    }
  };
}

// Date.now(), re-read every `periodMs` while the component is mounted.
export function useNow(periodMs) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => subscribe(periodMs, setNow), [periodMs]);
  return now;
}
