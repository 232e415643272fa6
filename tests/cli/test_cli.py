"""The command line, run as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def run_cli(db_url: str, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SETY_DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sety_dashboard", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, input=input, timeout=120)


def test_upgrade_keys_users_seed(tmp_path, live_server):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run_cli(url, "db", "upgrade").returncode == 0
    made = run_cli(url, "keys", "create", "--name", "ops", "--scopes", "admin")
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("sety_sk_") and len(secret) == 40
    bad = run_cli(url, "keys", "create", "--name", "ops", "--scopes", "everything")
    assert bad.returncode == 2 and "unknown scope" in bad.stderr

    user = run_cli(url, "users", "create", "--email", "ada@example.com", "--name", "Ada",
                   "--role", "dispatcher", "--password", "correct horse battery")
    assert user.returncode == 0, user.stderr
    dup = run_cli(url, "users", "create", "--email", "ADA@example.com", "--name", "Ada",
                  "--role", "dispatcher", "--password", "correct horse battery")
    assert dup.returncode == 2 and "already exists" in dup.stderr
    short = run_cli(url, "users", "create", "--email", "b@example.com", "--name", "B",
                    "--role", "admin", "--password", "short")
    assert short.returncode == 2

    seeded = run_cli(url, "seed", "--demo")
    assert seeded.returncode == 0 and "seeded" in seeded.stdout
    again = run_cli(url, "seed", "--demo")
    assert "nothing seeded" in again.stdout

    from sety_dashboard.core import db as db_mod

    db_mod.configure(url)
    try:
        with httpx.Client(base_url=live_server.url) as c:
            resp = c.get("/v1/incidents/analytics", headers={"Authorization": f"Bearer {secret}"})
            data = resp.json()
            assert data["total"] > 250 and data["drills"] >= 5
            assert set(data["by_category"]) >= {"sos", "medical", "fire", "security"}
            night, day = sum(data["by_hour"][20:] + data["by_hour"][:3]), sum(data["by_hour"][9:16])
            assert night > day  # the demo city has its night-time SOS pattern (UTC hours)
            open_ = c.get("/v1/incidents?status=created,acknowledged,dispatched,on_scene",
                          headers={"Authorization": f"Bearer {secret}"}).json()
            assert open_["pagination"]["total"] >= 5
    finally:
        db_mod.get_engine().dispose()


def test_password_hash_is_real(db):
    from sety_dashboard.core.db import read_session, write_session
    from sety_dashboard.domain.errors import Unauthorized
    from sety_dashboard.domain.users.models import User
    from sety_dashboard.domain.users.service import CreateUserRequest, create_user, sign_in, user_for_token

    with write_session() as s:
        create_user(s, request=CreateUserRequest(email="a@example.com", name="A", role="admin",
                                                 password="long enough pw"))
    with read_session() as s:
        stored = s.query(User).one().password_hash
    assert stored.startswith("$argon2") and "long enough pw" not in stored
    with write_session() as s:
        user, token = sign_in(s, email="A@example.com", password="long enough pw")
    with read_session() as s:
        assert user_for_token(s, token).id == user.id
        assert user_for_token(s, "forged") is None
    import pytest

    with pytest.raises(Unauthorized):
        with write_session() as s:
            sign_in(s, email="a@example.com", password="wrong password")


def test_users_create_responder_linked_to_the_roster(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run_cli(url, "db", "upgrade").returncode == 0
    from sety_dashboard.core import db as db_mod
    from sety_dashboard.core.db import read_session
    from sety_dashboard.domain.users.models import User

    db_mod.configure(url)
    try:
        from tests.factories import make_responder

        rsp = make_responder()
        args = ("users", "create", "--email", "u7@example.com", "--name", "Tunde",
                "--role", "responder", "--password", "correct horse battery")
        missing = run_cli(url, *args)
        assert missing.returncode == 2 and "needs the roster entry" in missing.stderr
        made = run_cli(url, *args, "--responder-id", rsp)
        assert made.returncode == 0, made.stderr
        assert "(responder)" in made.stdout
        with read_session() as s:
            user = s.query(User).filter_by(email="u7@example.com").one()
            assert (user.role, user.responder_id) == ("responder", rsp)
    finally:
        db_mod.get_engine().dispose()
