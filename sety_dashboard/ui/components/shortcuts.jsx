// Single-key shortcuts for the page (e.g. "a" acknowledge, "n" note).
// Keys typed into a field, or with Ctrl/Alt/Meta held, are left alone, so
// typing a note never triggers anything.
import { useEffect } from "react";

function typingInto(target) {
  if (!target) return false;
  const tag = (target.tagName || "").toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
}

export function KeyboardShortcuts({ keys = "", onShortcut }) {
  useEffect(() => {
    const wanted = new Set(keys.split(""));
    const handler = (e) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
      if (typingInto(e.target)) return;
      if (document.querySelector("[role='dialog']")) return;
      const key = e.key === "Enter" ? "\n" : e.key.toLowerCase();
      if (!wanted.has(key)) return;
      e.preventDefault();
      if (onShortcut) onShortcut(key === "\n" ? "enter" : key);
    };
    window.addEventListener("keydown", handler);
    return () => window.removeEventListener("keydown", handler);
  }, [keys, onShortcut]);
  return null;
}
