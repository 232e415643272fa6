// A live SLA countdown that ticks in the browser, once a second, for all
// countdowns on the page together (one timer, not one per row).
import { useNow } from "./ticker.jsx";
import { formatClock } from "./local_time.jsx";

function format(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  return `${m}:${String(sec).padStart(2, "0")}`;
}

const STAGE_LABEL = { acknowledge: "ACK", dispatch: "DISP", resolve: "RES" };
const STAGE_NAME = { acknowledge: "acknowledge", dispatch: "dispatch", resolve: "resolve" };
const COLORS = {
  ok: { color: "var(--green-11)", background: "transparent" },
  warning: { color: "var(--amber-11)", background: "var(--amber-a3)" },
  breached: { color: "var(--red-11)", background: "var(--red-a4)" },
  none: { color: "var(--gray-10)", background: "transparent" },
};

// Amber once half the stage's time is gone, red once the deadline passed.
export function slaLevel(dueMs, startMs, now) {
  const left = dueMs - now;
  if (left <= 0) return "breached";
  const total = Math.max(1, dueMs - startMs);
  return left / total <= 0.5 ? "warning" : "ok";
}

// The heartbeat (connection.jsx) marks the page while the server is silent:
// a countdown then says its numbers may be out of date.
function isStale() {
  return typeof document !== "undefined" && document.documentElement.dataset.conn === "lost";
}

export function SlaCountdown({ due, start, stage, tz = "UTC", id, className }) {
  const now = useNow(1000);
  if (!due) {
    return (
      <span data-level="none" className={className} style={{ ...COLORS.none }}>—</span>
    );
  }
  const dueMs = Date.parse(due);
  const startMs = Date.parse(start || due);
  const level = slaLevel(dueMs, startMs, now);
  const left = dueMs - now;
  const label = STAGE_LABEL[stage] || "";
  const text = left > 0 ? format(left) : `${format(left)} over`;
  const stale = isStale();
  return (
    <span
      id={id}
      className={className}
      data-level={level}
      data-stale={stale ? "yes" : "no"}
      data-testid="sla-countdown"
      title={`${STAGE_NAME[stage] || "stage"} due at ${formatClock(due, tz)}`}
      style={{
        ...COLORS[level],
        fontVariantNumeric: "tabular-nums",
        fontWeight: level === "ok" ? 500 : 700,
        padding: "1px 6px",
        borderRadius: "4px",
        whiteSpace: "nowrap",
        display: "inline-block",
        minWidth: "92px",
        opacity: stale ? 0.6 : 1,
        textDecoration: stale ? "line-through dotted" : "none",
      }}
    >
      <span style={{ opacity: 0.7, fontSize: "0.8em", marginRight: "4px" }}>{label}</span>
      {text}
      {stale ? <span style={{ marginLeft: "4px", fontSize: "0.8em" }}>stale</span> : null}
    </span>
  );
}
