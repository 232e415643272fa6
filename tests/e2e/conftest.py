"""Browser tests: the real app in a subprocess, driven by headless Chromium.

The harness (session-scoped, shared by every e2e module):

- migrates a fresh SQLite file in a temporary folder;
- builds the frontend once (`reflex export --frontend-only`, prod mode,
  backend URL baked in) and starts the real backend with the compiled
  frontend mounted on ONE free port (granian, one worker, as
  `reflex run --env prod` serves it) — live bridge, SLA ticker and API included;
- talks to that database from the test process too (creating users, keys and
  responders directly through the domain services), the same file the server
  uses;
- launches `/usr/bin/chromium` through the Python `playwright` package (sync
  API: keep these tests in their own modules, away from pytest-asyncio).

A subprocess (not an in-process AppHarness) because the server must own its
event bus, engine and clock: the rest of the suite swaps those per test.

Fixtures: `e2e_app` (URLs, database), `browser`, `new_page`, `user_of(role)`
(a signed-up user of that role, with password), `sign_in(page, user)`,
`api_client` (httpx with an admin key), `screenshot(page, name)` (PNG into
test-artifacts/screenshots/, the folder printed at the end of the run).

Set SETY_E2E_REUSE_BUILD=1 to skip the frontend build when .web/build is
already there from this code (saves ~30 s when iterating on tests only).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = os.environ.get("SETY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage",
                 "--autoplay-policy=no-user-gesture-required"]
PASSWORD = "correct horse battery"


@dataclass
class E2EApp:
    url: str
    db_url: str
    log_path: Path
    # The server subprocess (granian's main process; its worker is a child).
    pid: int = 0

    @contextlib.contextmanager
    def frozen(self) -> Iterator[None]:
        """The server stopped (SIGSTOP) for the block: whatever browsers send
        meanwhile waits in its sockets and is handled together after SIGCONT."""
        pids = self.server_pids()
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass

    def server_pids(self) -> list[int]:
        """The server process and all its descendants (to SIGSTOP / SIGCONT
        them together: stopping only the main one leaves the worker serving)."""
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return out

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@pytest.fixture(autouse=True)
def _fresh_bus_and_limits() -> Iterator[None]:
    """The server owns its bus; the test process needs none (overrides the root one)."""
    yield


def _tools_env(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    # bun and node from the npm registry (the Makefile installs them in
    # .tools/); never let Reflex download them.
    for tools in (ROOT / ".tools/node_modules/.bin", Path("/work/main/.tools/node_modules/.bin")):
        if tools.is_dir() and str(tools) not in env.get("PATH", ""):
            env["PATH"] = f"{tools}{os.pathsep}{env.get('PATH', '')}"
            break
    env.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    env["REFLEX_TELEMETRY_ENABLED"] = "false"
    env.pop("SETY_REDIS_URL", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    env.update(extra)
    return env


def _reusable_build_port() -> int | None:
    """The port the existing build talks to, if reuse was asked and it is free.

    The backend URL is baked into the compiled frontend, so a build can only
    be reused on its own port.
    """
    if os.environ.get("SETY_E2E_REUSE_BUILD") != "1":
        return None
    try:
        env_json = json.loads((ROOT / ".web/env.json").read_text())
        port = int(urllib.parse.urlsplit(env_json["EVENT"]).port or 0)
    except (OSError, ValueError, KeyError):
        return None
    if not (ROOT / ".web/build/client/index.html").exists() or not port:
        return None
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return None
    return port


def _build_frontend(env: dict[str, str], log: Path) -> None:
    with log.open("ab") as out:
        done = subprocess.run(
            [sys.executable, "-m", "reflex", "export", "--frontend-only", "--no-zip",
             "--env", "prod", "--loglevel", "info"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"frontend build failed; see {log}")


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], app: E2EApp) -> None:
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{app.log_tail()}")
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200 and \
                    httpx.get(f"{url}/signin", timeout=2, follow_redirects=True).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the app did not come up:\n{app.log_tail()}")


@pytest.fixture(scope="session")
def e2e_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[E2EApp]:
    from sety_dashboard.cli import db_upgrade
    from sety_dashboard.core import db as db_mod
    from sety_dashboard.core.settings import reset_settings

    work = tmp_path_factory.mktemp("e2e")
    db_url = f"sqlite:///{work / 'sety.db'}"
    db_upgrade(db_url)
    reuse_port = _reusable_build_port()
    port = reuse_port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = work / "server.log"
    app = E2EApp(url=url, db_url=db_url, log_path=log)
    env = _tools_env({
        "SETY_DATABASE_URL": db_url,
        "REFLEX_API_URL": url,
        "REFLEX_DEPLOY_URL": url,
        "SETY_SLA_TICK_S": "0.5",
        # Tabs whose session ended are cleared within a second or so.
        "SETY_LIVE_SWEEP_S": "1",
        # A unit that does not accept is flagged on the board after 3 s
        # (test_responder_page.py watches the flag appear).
        "SETY_ACCEPT_TIMEOUT_S": "3",
    })
    started = time.time()
    if reuse_port is None:
        _build_frontend(env, log)
    built = time.time()
    # Reflex's internal switches (hence the "__"): serve the compiled
    # frontend from the backend's port and do not compile again.
    run_env = dict(env, __REFLEX_SKIP_COMPILE="true",
                   __REFLEX_MOUNT_FRONTEND_COMPILED_APP="true", REFLEX_ENV_MODE="prod")
    with log.open("ab") as out:
        # Granian, one worker: the server `reflex run --env prod` runs.
        proc = subprocess.Popen(
            [sys.executable, "-m", "granian", "--interface", "asgi", "--factory",
             "--workers", "1", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning", "sety_dashboard.sety_dashboard:app"],
            cwd=ROOT, env=run_env, stdout=out, stderr=subprocess.STDOUT)
    app.pid = proc.pid
    try:
        _wait_until_up(url, proc, app)
        print(f"\n[e2e] app at {url} (build {built - started:.1f}s, start "
              f"{time.time() - built:.1f}s); server log {log}")
        # The test process reaches the same database directly.
        os.environ["SETY_DATABASE_URL"] = db_url
        reset_settings()
        db_mod.configure(db_url)
        yield app
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        db_mod.get_engine().dispose()


# Per module: Playwright's sync API keeps an event loop running in the main
# thread while it is open, and the async tests collected after tests/e2e
# (tests/events, tests/workers) call asyncio.run(), which refuses to run
# inside it. Closing it after each e2e module costs a Chromium start (~1 s).
@pytest.fixture(scope="module")
def browser(e2e_app: E2EApp) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (set SETY_CHROMIUM)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any, e2e_app: E2EApp) -> Iterator[Callable[..., Any]]:
    """new_page() → a Playwright page in its own browser context (own storage)."""
    contexts = []

    def make(width: int = 1600, height: int = 1000) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      base_url=e2e_app.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


_counter = itertools.count(1)


@dataclass
class E2EUser:
    user_id: str
    email: str
    name: str
    role: str
    password: str = PASSWORD


@pytest.fixture
def user_of(e2e_app: E2EApp) -> Callable[..., E2EUser]:
    """user_of("dispatcher", name=...) → a new dashboard user of that role."""
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.service import CreateUserRequest, create_user

    def make(role: str, name: str | None = None) -> E2EUser:
        n = next(_counter)
        name = name or f"{role.replace('_', ' ').title()} {n}"
        email = f"{role.replace('_', '.')}{n}.{os.getpid()}@example.com"
        with write_session() as session:
            user = create_user(session, request=CreateUserRequest(
                email=email, name=name, role=role, password=PASSWORD))
            return E2EUser(user.id, email, name, role)

    return make


@pytest.fixture
def sign_in(e2e_app: E2EApp) -> Callable[[Any, E2EUser], None]:
    """sign_in(page, user): through the real sign-in form; waits for the landing page."""

    def do(page: Any, user: E2EUser, path: str = "/signin") -> None:
        page.goto(path)
        page.fill("#signin-email", user.email)
        page.fill("#signin-password", user.password)
        page.click("#signin-submit")
        page.wait_for_url(lambda url: "/signin" not in url, timeout=15_000)

    return do


@pytest.fixture(scope="session")
def api_client(e2e_app: E2EApp) -> Iterator[httpx.Client]:
    """An httpx client for the app's /v1 API with an admin key."""
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.keys.service import CreateApiKeyRequest, create_key

    with write_session() as session:
        _, secret = create_key(session, request=CreateApiKeyRequest(name="e2e", scopes=["admin"]))
    with httpx.Client(base_url=e2e_app.url, timeout=15,
                      headers={"Authorization": f"Bearer {secret}"}) as client:
        yield client


@pytest.fixture(scope="session")
def _screenshot_dir() -> Iterator[Path]:
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    yield SCREENSHOTS
    print(f"\n[e2e] screenshots written to {SCREENSHOTS}")


@pytest.fixture
def screenshot(_screenshot_dir: Path) -> Callable[[Any, str], Path]:
    """screenshot(page, "board") → test-artifacts/screenshots/board.png (full page)."""

    def take(page: Any, name: str) -> Path:
        path = _screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _server_log_on_failure(request: pytest.FixtureRequest, e2e_app: E2EApp) -> Iterator[None]:
    yield
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        print(f"\n[e2e] server log tail:\n{e2e_app.log_tail()}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call":
        item.rep_call = rep  # type: ignore[attr-defined]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `loads_demo_data` fill the shared database with the demo
    data set, which would change what every later test sees: run them last,
    whatever their module is called."""
    items.sort(key=lambda item: item.get_closest_marker("loads_demo_data") is not None)
