#!/usr/bin/env python3
"""Page the assigned unit by SMS when Sety assigns it: a webhook receiver.

Standard library only. Run it next to your SMS (or push) gateway:

    SETY_WEBHOOK_SECRET=whsec_…  SETY_DASHBOARD_URL=https://sety.example.com \\
    SMS_GATEWAY_URL=https://sms.example.com/send \\
    python docs/examples/sms_gateway_receiver.py --port 8088

then point a Sety webhook endpoint at it (events: incident.responder_assigned):

    POST /v1/webhooks {"url": "https://pager.example.com/sety",
                       "events": ["incident.responder_assigned"]}

For each delivery it checks the `Sety-Signature` (HMAC-SHA256 of
"<t>.<raw body>" with the endpoint's secret, timestamp within 5 minutes),
drops repeats (`Sety-Event-Id`; delivery is at least once), answers 200 at
once, and then sends one message to the newly assigned unit's phone:

    SETY SOS (critical): SOS — Amaka Obi, 14 Bourdillon Road, Ikoyi.
    Accept: https://sety.example.com/me?assignment=asg_…

Where the message goes:
- SMS_GATEWAY_URL set: a JSON POST {"to", "text", "assignment_id",
  "incident_id"} to it (adapt `send` to your provider's API);
- SMS_OUTBOX set: one JSON line per message appended to that file;
- neither: the JSON line is printed to stdout (try it locally).

Drills (`is_drill: true`) are sent with a "DRILL" prefix; set SMS_SKIP_DRILLS=1
to send nothing for them.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOLERANCE_S = 300
_seen: dict[str, float] = {}
_seen_lock = threading.Lock()


def verify_sety_signature(secret: str, header: str, raw_body: bytes,
                          tolerance_s: int = TOLERANCE_S) -> bool:
    """The check from docs/INTEGRATING.md: constant-time, recent timestamps only."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp, signature = parts["t"], parts["v1"]
        expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw_body,
                            hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature) and \
            abs(time.time() - int(timestamp)) <= tolerance_s
    except (KeyError, ValueError):
        return False


def first_time(event_id: str) -> bool:
    """Remember event ids for a day (a retry repeats the same id)."""
    now = time.time()
    with _seen_lock:
        for old in [k for k, t in _seen.items() if now - t > 86_400]:
            del _seen[old]
        if event_id in _seen:
            return False
        _seen[event_id] = now
        return True


def newest_assignment(incident: dict[str, Any]) -> dict[str, Any] | None:
    """The assignment this event is about: the most recent one still waiting
    for its unit (status `assigned`, not yet accepted)."""
    waiting = [a for a in incident.get("responders") or []
               if a.get("status") == "assigned" and not a.get("accepted_at")]
    return max(waiting, key=lambda a: (a.get("assigned_at") or "", a["assignment_id"]),
               default=None)


def message_for(incident: dict[str, Any], assignment: dict[str, Any], base_url: str) -> str:
    place = incident.get("location") or {}
    where = ", ".join(p for p in (place.get("address"), place.get("landmark")) if p)
    drill = "DRILL " if incident.get("is_drill") else ""
    text = (f"{drill}SETY {incident['category'].upper()} ({incident['severity']}): "
            f"{incident['title']}" + (f", {where}" if where else "") + ".")
    if assignment.get("note"):
        text += f" Note: {assignment['note']}"
    return f"{text}\nAccept: {base_url.rstrip('/')}/me?assignment={assignment['assignment_id']}"


def send(to: str, text: str, assignment_id: str, incident_id: str) -> None:
    record = {"to": to, "text": text, "assignment_id": assignment_id, "incident_id": incident_id}
    line = json.dumps(record)
    if url := os.environ.get("SMS_GATEWAY_URL"):
        req = urllib.request.Request(url, data=line.encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            resp.read()
    elif outbox := os.environ.get("SMS_OUTBOX"):
        with open(outbox, "a", encoding="utf-8") as f:
            f.write(line + "\n")
    else:
        print(line, flush=True)


def handle_event(envelope: dict[str, Any], base_url: str) -> None:
    """Runs after the 200 went out (Sety waits at most 10 s for an answer)."""
    if envelope.get("type") != "incident.responder_assigned":
        return
    incident = envelope["data"]
    if incident.get("is_drill") and os.environ.get("SMS_SKIP_DRILLS") == "1":
        return
    assignment = newest_assignment(incident)
    phone = ((assignment or {}).get("responder") or {}).get("phone")
    if assignment is None or not phone:
        print(f"no phone to page for {incident.get('incident_id')}", file=sys.stderr)
        return
    try:
        send(phone, message_for(incident, assignment, base_url), assignment["assignment_id"],
             incident["incident_id"])
    except OSError as exc:  # the gateway is down: log it; the dispatcher sees "not accepted"
        print(f"sending to {phone} failed: {exc}", file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    secret = ""
    base_url = ""

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not verify_sety_signature(self.secret, self.headers.get("Sety-Signature", ""), body):
            self._answer(401, b"bad signature")
            return
        event_id = self.headers.get("Sety-Event-Id", "")
        if not first_time(event_id):
            self._answer(200, b"already handled")
            return
        self._answer(200, b"ok")
        envelope = json.loads(body)
        threading.Thread(target=handle_event, args=(envelope, self.base_url), daemon=True).start()

    def _answer(self, status: int, text: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, fmt: str, *args: Any) -> None:
        print(f"{self.address_string()} {fmt % args}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8088)
    args = parser.parse_args()
    secret = os.environ.get("SETY_WEBHOOK_SECRET", "")
    if not secret:
        print("set SETY_WEBHOOK_SECRET to the endpoint's secret (whsec_…)", file=sys.stderr)
        return 2
    Handler.secret = secret
    Handler.base_url = os.environ.get("SETY_DASHBOARD_URL", "http://127.0.0.1:3000")
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"listening on http://{args.host}:{server.server_port}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
