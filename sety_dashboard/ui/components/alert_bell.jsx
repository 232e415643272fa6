// The frame's alert, on every page: chimes when an incident arrives (a
// different, softer tone for drills), repeats the chime while real
// incidents wait for acknowledgement, prefixes the tab title with how many
// wait ("(2) Sety — Dispatch"), and shows a desktop notification when the
// tab is hidden (permission asked once, on the first click).
// Hidden counters (data-played, data-drill-played) let tests see real plays.
import { useEffect, useRef, useState } from "react";

const ASKED = "sety_notify_asked";

export function AlertBell({
  seq = 0, drill = false, realWaiting = 0, critical = false, repeatCriticalS = 10,
  repeatS = 30, muted = false, count = 0, src, drillSrc, notifyText = "", id,
}) {
  const audio = useRef(null);
  const drillAudio = useRef(null);
  const lastSeq = useRef(null);
  const [played, setPlayed] = useState(0);
  const [drillPlayed, setDrillPlayed] = useState(0);
  const [blocked, setBlocked] = useState(false);

  const play = (isDrill) => {
    const a = isDrill ? drillAudio.current : audio.current;
    if (!a) return;
    a.currentTime = 0;
    const p = a.play();
    if (p && p.then) {
      p.then(() => {
        (isDrill ? setDrillPlayed : setPlayed)((n) => n + 1);
        setBlocked(false);
      }).catch(() => setBlocked(true));
    }
  };

  // A new arrival: chime once now (never on first render: a page load is silent).
  useEffect(() => {
    if (lastSeq.current === null || seq <= lastSeq.current) {
      lastSeq.current = seq;
      return;
    }
    lastSeq.current = seq;
    if (!muted) play(drill);
    if (document.hidden && typeof Notification !== "undefined" &&
        Notification.permission === "granted" && notifyText) {
      try { new Notification(drill ? `DRILL — ${notifyText}` : notifyText, { tag: "sety-alert" }); }
      catch (e) { /* some browsers allow notifications from service workers only */ }
    }
  }, [seq]);

  // Until acknowledged: repeat (critical every repeatCriticalS, others every repeatS).
  useEffect(() => {
    const every = (critical ? repeatCriticalS : repeatS) * 1000;
    if (muted || realWaiting <= 0 || !every) return undefined;
    const t = setInterval(() => play(false), every);
    return () => clearInterval(t);
  }, [muted, realWaiting, critical, repeatCriticalS, repeatS]);

  // The tab title carries the count, whatever the page sets its title to.
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(/^\(\d+\) /, "");
      const want = count > 0 ? `(${count}) ${base}` : base;
      if (document.title !== want) document.title = want;
    };
    apply();
    const obs = new MutationObserver(apply);
    obs.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => obs.disconnect();
  }, [count]);

  // Ask for desktop notifications once per browser, on a real click.
  useEffect(() => {
    if (typeof Notification === "undefined" || Notification.permission !== "default" ||
        window.localStorage.getItem(ASKED)) return undefined;
    const ask = () => {
      window.localStorage.setItem(ASKED, "1");
      try { Notification.requestPermission(); } catch (e) { /* old API shape */ }
      window.removeEventListener("click", ask);
    };
    window.addEventListener("click", ask);
    return () => window.removeEventListener("click", ask);
  }, []);

  return (
    <span id={id} data-played={played} data-drill-played={drillPlayed}
      data-blocked={blocked ? "yes" : "no"} style={{ display: "none" }}>
      <audio ref={audio} src={src} preload="auto" />
      <audio ref={drillAudio} src={drillSrc} preload="auto" />
    </span>
  );
}
