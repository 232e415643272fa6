// Plays the alert sound each time `seq` goes up (never on the first render,
// so reloading a page is silent). `muted` silences it. The hidden counter
// `data-played` lets tests see that a sound was really played.
import { useEffect, useRef, useState } from "react";

export function AlertSound({ seq = 0, src, muted = false, id }) {
  const audio = useRef(null);
  const lastSeq = useRef(null);
  const [played, setPlayed] = useState(0);
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    if (lastSeq.current === null) {
      lastSeq.current = seq;
      return;
    }
    if (seq <= lastSeq.current) {
      lastSeq.current = seq;
      return;
    }
    lastSeq.current = seq;
    if (muted || !audio.current) return;
    audio.current.currentTime = 0;
    const p = audio.current.play();
    if (p && p.then) {
      p.then(() => { setPlayed((n) => n + 1); setBlocked(false); })
        .catch(() => setBlocked(true));
    }
  }, [seq, muted]);

  return (
    <span id={id} data-played={played} data-blocked={blocked ? "yes" : "no"}
      title={blocked ? "The browser blocked the alert sound: click anywhere on the page once" : ""}
      style={{ display: "none" }}>
      <audio ref={audio} src={src} preload="auto" />
    </span>
  );
}
