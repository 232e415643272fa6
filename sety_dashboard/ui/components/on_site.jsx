// Time on site, counted in the browser (one shared timer for the page), and
// the overstay flag the moment the visit passes its expected end — the same
// rule as the server: inside at or after `until` is an overstay.
import { useNow } from "./ticker.jsx";
import { formatClock } from "./local_time.jsx";

const TICK_MS = 15000;

export function stayText(ms) {
  const minutes = Math.round(Math.max(0, ms) / 60000);
  if (minutes < 1) return "< 1 min";
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export function OnSite({ since, until, tz = "UTC", id, className }) {
  const now = useNow(TICK_MS);
  if (!since) return <span className={className}>—</span>;
  const sinceMs = Date.parse(since);
  const untilMs = until ? Date.parse(until) : null;
  const overstay = untilMs !== null && now >= untilMs;
  const due = untilMs === null ? "" : formatClock(until, tz);
  return (
    <span
      id={id}
      className={className}
      data-overstay={overstay ? "yes" : "no"}
      title={until ? `Expected out by ${due}` : ""}
      style={{ display: "inline-flex", alignItems: "center", gap: "6px", whiteSpace: "nowrap",
               fontVariantNumeric: "tabular-nums" }}
    >
      <span style={{ fontWeight: overstay ? 700 : 500,
                     color: overstay ? "var(--red-11)" : "inherit" }}>
        {stayText(now - sinceMs)}
      </span>
      {overstay ? (
        <span
          className="sety-overstay"
          style={{ color: "var(--red-11)", background: "var(--red-a4)", fontSize: "11px",
                   fontWeight: 700, letterSpacing: "0.05em", padding: "1px 6px",
                   borderRadius: "4px" }}
        >
          OVERSTAY
        </span>
      ) : null}
    </span>
  );
}
