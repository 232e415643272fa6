// Single-key shortcuts for the page (e.g. "a" acknowledge, "n" note).
// Never taken: keys typed into a field, select or switch, keys while a
// dialog, menu or drop-down list is open, keys with Ctrl/Alt/Meta held, and
// keys while the connection is lost (connection.jsx): typing a note or
// picking a filter never triggers anything (a key pressed while lost makes
// the header's "Connection lost" badge nudge, so the refusal is seen).
//
// `clicks` maps a key to a CSS selector: when it finds an enabled element,
// the key clicks it, in the browser, instead of asking the server (e.g. "n"
// clicks the highlighted row's note button: the dialog opens at once, the
// same way as with the mouse). Otherwise the key goes to `onShortcut`.
import { useEffect } from "react";

const CONTROL_ROLES = new Set(["combobox", "listbox", "option", "switch", "checkbox",
  "radio", "menuitem", "slider", "spinbutton", "textbox", "searchbox"]);

function typingInto(target) {
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toLowerCase();
  if (tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable) {
    return true;
  }
  const role = target.getAttribute && target.getAttribute("role");
  return CONTROL_ROLES.has(role || "") || !!(target.closest && target.closest("[role='dialog']"));
}

function somethingOpen() {
  return !!document.querySelector(
    "[role='dialog'], [role='alertdialog'], [role='listbox'], [role='menu']");
}

function nudgeLost() {
  const badge = document.getElementById("live-indicator");
  if (badge && badge.animate) {
    badge.animate([{ transform: "scale(1)" }, { transform: "scale(1.25)" },
      { transform: "scale(1)" }], { duration: 400 });
  }
}

export function KeyboardShortcuts({ keys = "", clicks = {}, onShortcut }) {
  useEffect(() => {
    const wanted = new Set(keys.split(""));
    const handler = (e) => {
      // Escape in a page field (e.g. the board's search) hands the keys back.
      if (e.key === "Escape" && typingInto(e.target) && !somethingOpen() && e.target.blur) {
        e.target.blur();
        const home = document.getElementById("board-queue");
        if (home) home.focus({ preventScroll: true });
        return;
      }
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
      if (typingInto(e.target) || somethingOpen()) return;
      const key = e.key === "Enter" ? "\n" : e.key.toLowerCase();
      if (!wanted.has(key)) return;
      if (document.documentElement.dataset.conn === "lost") {
        nudgeLost();
        return;
      }
      // Enter on a focused link or button does what it says, not "open the row".
      if (key === "\n" && e.target && e.target.closest && e.target.closest("a, button")) return;
      e.preventDefault();
      const target = clicks[key] && document.querySelector(clicks[key]);
      if (target && !target.disabled) {
        target.click();
        return;
      }
      if (onShortcut) onShortcut(key === "\n" ? "enter" : key);
    };
    window.addEventListener("keydown", handler);
    return () => window.removeEventListener("keydown", handler);
  }, [keys, clicks, onShortcut]);
  return null;
}
