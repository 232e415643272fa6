"""Run bench/echo_app.py under Granian as `reflex run --env prod` runs the app.

    python bench/echo_server.py PORT   (GRANIAN_WORKERS sets the worker count)
"""

from __future__ import annotations

import os
import sys

from granian.constants import Interfaces
from granian.server import Server

if __name__ == "__main__":
    Server(target="bench.echo_app:app", address="127.0.0.1", port=int(sys.argv[1]),
           interface=Interfaces.ASGI, workers=int(os.environ.get("GRANIAN_WORKERS", "1")),
           log_enabled=False).serve()
