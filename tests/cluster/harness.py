"""Processes of the two-node cluster test: app nodes (Granian) and nginx.

Each node is `python -m granian … sety_dashboard.sety_dashboard:app` with two
workers: the server `reflex run --env prod --backend-only` starts, without
compiling or building the dashboard (the test drives the dashboard through
its websocket protocol, bench/reflex_socket.py, so no frontend is needed).
Each node runs in its own process group, so `kill(-9)` takes down its main
process and both workers at once, as a machine dying would.

nginx runs in the foreground (`daemon off`) on the ONE config that
deploy/docker-compose.yml uses too (deploy/nginx/sety.conf.template),
rendered with this run's ports, inside a main config whose pid, logs and
temp paths are all in a temporary folder.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[2]
NGINX_TEMPLATE = ROOT / "deploy/nginx/sety.conf.template"
NGINX = os.environ.get("SETY_NGINX", "/usr/sbin/nginx")


def render_template(template: str, values: dict[str, str]) -> str:
    """What the nginx image's envsubst does: replace ${NAME} for the NAMEs given."""
    out = template
    for name, value in values.items():
        out = out.replace("${" + name + "}", value)
    left = re.findall(r"\$\{SETY_[A-Z_]+\}", out)
    if left:
        raise ValueError(f"template variables without a value: {left}")
    return out


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Node:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    killed: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log_path.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "granian", "--interface", "asgi", "--factory",
                 "--workers", "2", "--host", "127.0.0.1", "--port", str(self.port),
                 "--log-level", "warning", "sety_dashboard.sety_dashboard:app"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def pids(self) -> set[int]:
        """The main process and its workers."""
        assert self.proc is not None
        try:
            main = psutil.Process(self.proc.pid)
            return {main.pid, *(c.pid for c in main.children(recursive=True))}
        except psutil.NoSuchProcess:
            return set()

    def wait_ready(self, timeout: float) -> None:
        """Until BOTH workers have answered /v1/health with every duty started.

        /v1/ready answers for whichever worker took the request; health says
        which one it was, so this waits until two distinct workers said so.
        """
        ready_pids: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(ready_pids) < 2:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"node {self.name} exited:\n{_log_tail(self.log_path)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"node {self.name} not ready ({len(ready_pids)}/2 workers):\n"
                                   f"{_log_tail(self.log_path)}")
            try:
                # A new connection each time, so the requests spread over the workers.
                body = httpx.get(f"{self.url}/v1/health", timeout=3).json()
                if httpx.get(f"{self.url}/v1/ready", timeout=3).status_code == 200 and \
                        all(d["started"] for d in body["duties"].values()):
                    ready_pids.add(body["worker_pid"])
            except (httpx.HTTPError, ValueError, KeyError):
                pass
            time.sleep(0.2)

    def kill(self) -> None:
        """kill -9 the whole node (main process and workers), and wait until it is gone.

        Gone means its port refuses connections: until the kernel has closed
        the listening socket, a connection can still be accepted and then reset.
        """
        assert self.proc is not None
        procs = [psutil.Process(pid) for pid in self.pids()]
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        psutil.wait_procs(procs, timeout=30)
        self.killed = True
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                return
            time.sleep(0.05)
        raise RuntimeError(f"node {self.name} still accepts connections after kill -9")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@dataclass
class Nginx:
    port: int
    nodes: list[Node]
    work: Path
    proc: subprocess.Popen[bytes] | None = None
    config: Path = field(init=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        site = render_template(NGINX_TEMPLATE.read_text(), {
            "SETY_LISTEN": f"127.0.0.1:{self.port}",
            "SETY_NODE_A": self.nodes[0].address,
            "SETY_NODE_B": self.nodes[1].address,
            "SETY_SERVER_EXTRA": str(self.work / "extra.conf"),  # no TLS here
        })
        (self.work / "extra.conf").write_text("# TLS is terminated here in production.\n")
        (self.work / "sety.conf").write_text(site)
        temp = {name: self.work / name for name in ("client_body", "proxy", "fastcgi",
                                                    "uwsgi", "scgi")}
        for path in temp.values():
            path.mkdir(exist_ok=True)
        self.config = self.work / "nginx.conf"
        self.config.write_text(f"""
daemon off;
master_process on;
worker_processes 1;
pid {self.work}/nginx.pid;
error_log {self.work}/error.log info;
events {{ worker_connections 2048; }}
http {{
    access_log {self.work}/access.log;
    client_body_temp_path {temp['client_body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    include {self.work}/sety.conf;
}}
""")
        return self.config

    def start(self) -> None:
        self.write_config()
        out = (self.work / "stdout.log").open("ab")
        self.proc = subprocess.Popen(
            [NGINX, "-p", str(self.work), "-e", str(self.work / "error.log"),
             "-c", str(self.config)], stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited:\n{_log_tail(self.work / 'error.log')}")
            try:
                if httpx.get(f"{self.url}/v1/ready", timeout=3).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx not answering:\n{_log_tail(self.work / 'error.log')}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGQUIT)  # graceful: finish requests, then exit
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
