"""The background duties sit below the UI: importing them loads no dashboard code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_workers_registry_imports_neither_the_ui_nor_reflex():
    # A fresh interpreter: in this one, earlier tests may have imported anything.
    probe = ("import sys, sety_dashboard.workers.registry; "
             "print(sorted(m for m in sys.modules if m.startswith(('sety_dashboard.ui', 'reflex'))))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120, check=True)
    assert out.stdout.strip() == "[]"


def test_the_app_registers_every_duty_and_the_live_bridge():
    # A fresh interpreter: importing the app module builds the Reflex app.
    probe = ("from sety_dashboard import sety_dashboard as m; from sety_dashboard.core import duties; "
             "names = sorted(getattr(t, '__name__', str(t)) for t in m.app.get_lifespan_tasks()); "
             "print(names, sorted(duties.snapshot()))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300, check=True)
    tasks, declared = out.stdout.strip().splitlines()[-1].split("] [")
    for task in ("run_live_bridge", "run_sla_ticker", "run_webhook_worker",
                 "run_threat_baseline_warmer"):
        assert task in tasks
    for duty in ("live_bridge", "sla_ticker", "threat_warmer", "webhooks"):
        assert duty in declared  # /v1/ready waits for each of them
