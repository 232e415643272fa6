// Is this tab really connected? A heartbeat to the backend's /ping every
// second (at most one in flight). With no answer for LOST_AFTER_MS — or the
// event socket down — the tab is "lost": the header says so, the page below
// the header is dimmed and inert (no click or key reaches an action),
// countdowns mark themselves stale (they read data-conn). When answers come
// back, onReconnect fires (the page reloads its data from the database, so
// nothing missed stays missing) and "Reconnected" shows for a few seconds.
// Forms submitted while lost are refused (dialogs included, see `refuse`).
import { useEffect, useRef, useState } from "react";
import env from "$/env.json";
import { getBackendURL } from "$/utils/state";

const EVERY_MS = 1000;
const LOST_AFTER_MS = 2500;
const BACK_SHOWN_MS = 4000;
const MARKED = "data-sety-disabled";

function setLost(lost) {
  document.documentElement.dataset.conn = lost ? "lost" : "live";
  const main = document.getElementById("sety-main");
  if (main) main.inert = lost;
  if (lost) {
    document.querySelectorAll(
      "#sety-main button, #sety-main [role=button], [role=dialog] button[type=submit]",
    ).forEach((b) => {
      if (b.getAttribute("aria-disabled") !== "true") {
        b.setAttribute("aria-disabled", "true");
        b.setAttribute(MARKED, "1");
      }
    });
  } else {
    document.querySelectorAll(`[${MARKED}]`).forEach((b) => {
      b.removeAttribute("aria-disabled");
      b.removeAttribute(MARKED);
    });
  }
}

export function ConnectionStatus({ socketOk = true, onReconnect, id }) {
  const [state, setState] = useState("live"); // live | lost | back
  const lastOk = useRef(Date.now());
  const inFlight = useRef(false);
  const stateRef = useRef("live");
  const socketRef = useRef(socketOk);
  const reconnect = useRef(onReconnect);
  socketRef.current = socketOk;
  reconnect.current = onReconnect;

  useEffect(() => {
    const url = getBackendURL(env.PING).href;
    let backTimer = null;
    const ping = () => {
      if (inFlight.current) return;
      inFlight.current = true;
      const ctl = new AbortController();
      const abort = setTimeout(() => ctl.abort(), LOST_AFTER_MS);
      fetch(url, { cache: "no-store", signal: ctl.signal })
        .then((r) => { if (r.ok) lastOk.current = Date.now(); })
        .catch(() => {})
        .finally(() => { clearTimeout(abort); inFlight.current = false; });
    };
    const judge = () => {
      // A hidden tab's timers are throttled: judge only what is on screen.
      if (document.hidden) return;
      const lost = !socketRef.current || Date.now() - lastOk.current > LOST_AFTER_MS;
      const was = stateRef.current;
      if (lost && was !== "lost") {
        stateRef.current = "lost";
        setState("lost");
        setLost(true);
      } else if (!lost && was === "lost") {
        stateRef.current = "back";
        setState("back");
        setLost(false);
        if (reconnect.current) reconnect.current();
        clearTimeout(backTimer);
        backTimer = setTimeout(() => {
          if (stateRef.current === "back") { stateRef.current = "live"; setState("live"); }
        }, BACK_SHOWN_MS);
      } else if (lost) {
        setLost(true); // re-mark buttons rendered since
      }
    };
    const onVisible = () => {
      if (!document.hidden) { lastOk.current = Date.now(); ping(); }
    };
    // Dialogs are portals outside #sety-main, so inert does not reach them:
    // a form submitted while lost is stopped here, before any handler, and
    // its dialog's notice says why (client_id.jsx). Nothing is queued behind
    // a dead line to fire later unseen.
    const refuse = (e) => {
      if (stateRef.current !== "lost") return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener("submit", refuse, true);
    ping();
    const pinger = setInterval(ping, EVERY_MS);
    const judger = setInterval(judge, 250);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(pinger);
      clearInterval(judger);
      clearTimeout(backTimer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("submit", refuse, true);
    };
  }, []);

  const lost = state === "lost";
  const text = lost ? "Connection lost — reconnecting" : state === "back" ? "Reconnected" : "LIVE";
  return (
    <span id={id} data-live={lost ? "no" : "yes"} data-state={state} role="status"
      title={lost ? "No answer from the server: actions are paused; the page reloads its data when back"
        : "Connected: changes appear as they happen"}
      style={{ display: "inline-flex", alignItems: "center", gap: "6px", fontWeight: 700,
        fontSize: "12px", padding: "2px 8px", borderRadius: "999px",
        color: lost ? "var(--red-11)" : "var(--green-11)",
        background: lost ? "var(--red-a4)" : state === "back" ? "var(--green-a4)" : "transparent" }}>
      <span className={lost ? "" : "sety-pulse"} style={{ width: "8px", height: "8px",
        borderRadius: "50%", background: lost ? "var(--red-9)" : "var(--green-9)" }} />
      {text}
    </span>
  );
}
