// The dispatch board's "accepted?" badge for one assignment. Ticks in the
// browser (no server event): waiting with the time left, then overdue once
// `dueAt` (assigned + SETY_ACCEPT_TIMEOUT_S, from the server) has passed.
import { useEffect, useState } from "react";

function mmss(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function AcceptFlag({ accepted = false, dueAt = "", released = false }) {
  const [now, setNow] = useState(Date.now());
  const waiting = !accepted && !released && dueAt;
  useEffect(() => {
    if (!waiting) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [waiting]);
  let state = "accepted";
  let text = "Accepted";
  let style = { color: "var(--green-11)", background: "var(--green-a3)" };
  if (waiting) {
    const left = Date.parse(dueAt) - now;
    if (left > 0) {
      state = "waiting";
      text = `Not yet accepted · ${mmss(left)}`;
      style = { color: "var(--amber-11)", background: "var(--amber-a3)" };
    } else {
      state = "overdue";
      text = `NOT ACCEPTED · ${mmss(-left)} late`;
      style = { color: "var(--red-11)", background: "var(--red-a4)", fontWeight: 700 };
    }
  }
  return (
    <span className={`sety-accept-flag${state === "overdue" ? " sety-pulse" : ""}`}
      data-state={state}
      style={{ ...style, borderRadius: "4px", padding: "1px 6px", fontSize: "12px",
        whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
      {text}
    </span>
  );
}
