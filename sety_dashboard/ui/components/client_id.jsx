// The client id of one opened action form, made in the browser: a fresh id
// each time the dialog opens (Radix mounts the content anew), the same id for
// every submission of that form (a double click acts once: AuthState.act).
// Made here rather than by the server so a dialog opens at once, with no
// round trip, even while the server is slow.
import { useState } from "react";

function newId() {
  const bytes = new Uint8Array(8);
  (globalThis.crypto || window.crypto).getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function ClientId({ name = "client_id" }) {
  const [id] = useState(newId);
  return <input type="hidden" name={name} value={id} readOnly data-testid="client-id" />;
}
