// THE clock-time formatter of the dashboard: every absolute time on screen
// goes through it, in the site's zone (SETY_TIMEZONE) with the zone named:
// "20:24:05 WAT" today, "3 Dec 20:24 WAT" on other days. Re-checks "today"
// every minute, so a page left open over midnight stays right.
import moment from "moment-timezone";
import { useEffect, useState } from "react";

export function formatClock(ts, tz) {
  const m = moment.tz(ts, tz || "UTC");
  if (!m.isValid()) return "";
  const today = m.isSame(moment.tz(tz || "UTC"), "day");
  return today ? m.format("HH:mm:ss z") : m.format("D MMM HH:mm z");
}

export function LocalTime({ ts, tz = "UTC", id, className }) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 60_000);
    return () => clearInterval(t);
  }, []);
  if (!ts) return <span className={className}>—</span>;
  const m = moment.tz(ts, tz || "UTC");
  return (
    <time id={id} className={className} dateTime={ts} data-testid="local-time"
      title={m.format("dddd D MMMM YYYY, HH:mm:ss z (UTCZ)")}
      style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>
      {formatClock(ts, tz)}
    </time>
  );
}
