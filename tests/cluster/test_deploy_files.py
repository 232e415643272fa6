"""deploy/ stays in step with what the cluster test runs.

The compose file cannot be run here (no container runtime), so these check
mechanically what docs/DEPLOYING.md promises: compose mounts the tested nginx
template and fills in exactly its variables, its nodes get the settings the
test gives its nodes, and the site with the TLS include is valid for nginx.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.cluster.conftest import _node_env
from tests.cluster.harness import NGINX, NGINX_TEMPLATE, ROOT, render_template

pytestmark = pytest.mark.cluster
DEPLOY = ROOT / "deploy"


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_compose_runs_nginx_on_the_tested_template_with_exactly_its_variables():
    nginx = _compose()["services"]["nginx"]
    assert "./nginx/sety.conf.template:/etc/nginx/templates/sety.conf.template:ro" in nginx["volumes"]
    assert (DEPLOY / "nginx/sety.conf.template").resolve() == NGINX_TEMPLATE
    used = set(re.findall(r"\$\{(SETY_[A-Z_]+)\}", NGINX_TEMPLATE.read_text()))
    assert set(nginx["environment"]) == used
    nodes = {nginx["environment"]["SETY_NODE_A"], nginx["environment"]["SETY_NODE_B"]}
    assert nodes == {"app-a:3000", "app-b:3000"}


def test_compose_nodes_share_what_the_test_nodes_share():
    services = _compose()["services"]
    tested = {k for k in _node_env("x", "postgresql://db", "p") if k.startswith("SETY_")}
    shared = {"SETY_DATABASE_URL", "SETY_REDIS_URL", "SETY_REDIS_PREFIX", "SETY_NODE_ID"}
    assert shared <= tested
    example = (DEPLOY / "sety.env.example").read_text()
    for name in ("app-a", "app-b"):
        env = services[name]["environment"]
        assert env["SETY_REDIS_PREFIX"] == "sety" and env["SETY_REDIS_URL"].startswith("redis://")
        assert env["SETY_NODE_ID"] == name
        assert services[name]["env_file"] == "sety.env" and "SETY_DATABASE_URL=postgresql" in example
        ready = " ".join(services[name]["healthcheck"]["test"])
        assert "/v1/ready" in ready


def test_the_site_with_tls_passes_nginx_t(tmp_path: Path):
    if not Path(NGINX).exists():
        pytest.fail(f"nginx not found at {NGINX}: `apt-get install nginx` (the Makefile does)")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=sety.test", "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")], check=True, capture_output=True)
    # The shipped tls.conf, with the certificate paths and port of this test.
    tls = (DEPLOY / "nginx/tls.conf").read_text()
    tls = tls.replace("/etc/nginx/tls/", f"{tmp_path}/").replace("listen 443 ", "listen 127.0.0.1:1443 ")
    (tmp_path / "tls.conf").write_text(tls)
    site = render_template(NGINX_TEMPLATE.read_text(), {
        "SETY_LISTEN": "127.0.0.1:1080", "SETY_NODE_A": "127.0.0.1:1", "SETY_NODE_B": "127.0.0.1:2",
        "SETY_SERVER_EXTRA": str(tmp_path / "tls.conf")})
    (tmp_path / "sety.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ include {tmp_path}/sety.conf; }}\n")
    done = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                           "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
