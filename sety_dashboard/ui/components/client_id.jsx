// The client id of one opened action form, made in the browser: a fresh id
// each time the dialog opens (Radix mounts the content anew), the same id for
// every submission of that form (a double click acts once: AuthState.act).
// Made here rather than by the server so a dialog opens at once, with no
// round trip, even while the server is slow.
//
// With `answered` (the server's count of answered submissions of this kind
// of form), the form is also marked as sending from the moment it is
// submitted until the server's next answer: its submit button is then
// unclickable (sety.css), so a double click sends one request, not two.
//
// The notice below the fields shows only while the connection is lost
// (sety.css reads data-conn, set by connection.jsx, which also refuses the
// submission): the dispatcher sees why nothing is sent.
import { useEffect, useRef, useState } from "react";

function newId() {
  const bytes = new Uint8Array(8);
  (globalThis.crypto || window.crypto).getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function ClientId({ name = "client_id", answered }) {
  const [id] = useState(newId);
  const ref = useRef(null);
  const tracked = answered !== undefined;
  useEffect(() => {
    const form = ref.current && ref.current.form;
    if (!tracked || !form) return undefined;
    const onSubmit = () => { form.dataset.sending = "1"; };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, [tracked]);
  useEffect(() => {
    const form = ref.current && ref.current.form;
    if (form) delete form.dataset.sending;
  }, [answered]);
  return (
    <>
      <input ref={ref} type="hidden" name={name} value={id} readOnly data-testid="client-id" />
      <div className="sety-lost-notice" role="status" data-testid="lost-notice">
        Connection lost: nothing is sent until it is back. What you typed stays here.
      </div>
    </>
  );
}
