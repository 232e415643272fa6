"""docs/examples/sms_gateway_receiver.py, run as a real process and fed a
real signed delivery by the webhook worker."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import AssignRequest
from sety_dashboard.domain.incidents.models import Assignment
from sety_dashboard.webhooks import service as hooks
from tests.conftest import free_port
from tests.factories import DISPATCHER, make_incident, make_responder
from tests.webhooks.helpers import deliveries, make_endpoint, turn

EXAMPLE = Path(__file__).resolve().parents[2] / "docs/examples/sms_gateway_receiver.py"


def _start(port: int, secret: str, outbox: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(EXAMPLE), "--port", str(port)],
        env={"SETY_WEBHOOK_SECRET": secret, "SETY_DASHBOARD_URL": "https://sety.example.com",
             "SMS_OUTBOX": str(outbox), "PATH": "/usr/bin:/bin"},
        stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()  # "listening on …" once it accepts connections
    assert "listening on" in line, line
    return proc


def _wait_for_line(path: Path, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return json.loads(path.read_text().splitlines()[0])
        time.sleep(0.05)
    raise AssertionError(f"nothing written to {path}")


def test_example_receiver_pages_the_assigned_unit(db, allow_private, tmp_path) -> None:
    port = free_port()
    ep_id, secret = make_endpoint(f"http://127.0.0.1:{port}/sety",
                                  ["incident.responder_assigned"])
    outbox = tmp_path / "outbox.jsonl"
    proc = _start(port, secret, outbox)
    try:
        rsp = make_responder()
        inc = make_incident(location={"coordinates": [3.3792, 6.5244],
                                      "address": "14 Bourdillon Road, Ikoyi"})
        with write_session() as s:
            service.assign_responder(s, incident_id=inc, actor=DISPATCHER,
                                     request=AssignRequest(responder_id=rsp, note="Gate B"))
        assert turn() == 1
        [d] = deliveries(ep_id)
        assert (d.status, d.response_status) == ("succeeded", 200)
        sms = _wait_for_line(outbox)
        with read_session() as s:
            asg = s.query(Assignment).filter_by(incident_id=inc).one()
        assert sms["to"] == "+2348030000007"
        assert sms["assignment_id"] == asg.id and sms["incident_id"] == inc
        assert sms["text"].startswith("SETY SOS (critical): SOS — Amaka Obi, "
                                      "14 Bourdillon Road, Ikoyi. Note: Gate B")
        assert sms["text"].endswith(f"\nAccept: https://sety.example.com/me?assignment={asg.id}")

        # A forged or replayed request is refused; a repeat is not paged twice.
        url = f"http://127.0.0.1:{port}/sety"
        forged = httpx.post(url, content=b"{}", headers={"Sety-Signature": "t=1,v1=00"})
        assert forged.status_code == 401
        # Sety sends the same event again (a manual retry): answered, not re-paged.
        with write_session() as s:
            hooks.retry_delivery(s, endpoint_id=ep_id, delivery_id=d.id)
        assert turn() == 1
        [again] = deliveries(ep_id)
        assert (again.status, again.attempts, again.response_body) == ("succeeded", 2,
                                                                        "already handled")
        assert len(outbox.read_text().splitlines()) == 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)
