"""Two app nodes behind nginx on one PostgreSQL and one Redis: every
background duty runs once per cluster, and a node killed with -9 loses
nothing (docs/DEPLOYING.md).

The tests share one cluster and run in file order; the last one kills a node.
Everything is checked through nginx unless the point is which node does it.
Waits are on signals (a delta arriving, a row written) with generous
timeouts: the machine is shared and slow under load.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from bench.reflex_socket import BOARD_STATE, SyncTab
from tests.cluster.conftest import Cluster
from tests.factories import incident_body
from tests.webhooks.receiver import Received, Receiver, Reply

pytestmark = [pytest.mark.cluster, pytest.mark.redis, pytest.mark.timeout(600)]

WAIT_S = 60  # generous: 8 engineers share 2 cores


def expect(check: Callable[[], Any], what: str, timeout: float = WAIT_S) -> Any:
    """Poll `check` until it returns something truthy; fail after `timeout` saying `what`."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f}s: {what}")
        time.sleep(0.1)


def client(cluster: Cluster, base: str) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=30,
                        headers={"Authorization": f"Bearer {cluster.admin_key}"})


def create(http: httpx.Client, name: str, **extra: Any) -> dict[str, Any]:
    resp = http.post("/v1/incidents", json=incident_body(subject={"name": name}, **extra))
    assert resp.status_code == 201, resp.text
    return resp.json()


# -- the board: a Reflex websocket client, as bench/reflex_socket.py speaks it --------

def open_board(base: str, token: str) -> SyncTab:
    tab = SyncTab(base, token, "/")
    tab_wait(tab, lambda: tab.var(BOARD_STATE, "loaded") is True, "the board loaded")
    return tab


def tab_wait(tab: SyncTab, condition: Callable[[], bool], what: str,
             timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f}s: {what}")
        tab.pump(0.2)


def shows(tab: SyncTab, incident_id: str) -> bool:
    return incident_id in json.dumps(tab.deltas)


def cut_off(tab: SyncTab) -> bool:
    from websockets.exceptions import ConnectionClosed

    try:
        tab.pump(0.2)
    except ConnectionClosed:
        return True
    return False


def upstream(ws: Any) -> str:
    """Which node nginx passed this websocket to (its X-Sety-Upstream header)."""
    return ws.response.headers["X-Sety-Upstream"]


# -- /v1/stream ----------------------------------------------------------------------

class StreamReader:
    """A /v1/stream client in a thread: keeps every event frame, notes the close."""

    def __init__(self, base: str, key: str, after_seq: int) -> None:
        from websockets.sync.client import connect

        ws_base = base.replace("http://", "ws://")
        self.ws = connect(f"{ws_base}/v1/stream?api_key={key}&after_seq={after_seq}",
                          open_timeout=20, max_size=None)
        self.events: list[dict[str, Any]] = []
        self.closed = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for frame in self.ws:
                envelope = json.loads(frame)
                if envelope.get("type") != "heartbeat":
                    with self._lock:
                        self.events.append(envelope)
        except Exception:
            pass
        finally:
            self.closed.set()

    def seen(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.events)

    def close(self) -> None:
        self.ws.close()


def last_seq() -> int:
    from sety_dashboard.core.db import read_session
    from sety_dashboard.events.log import last_seq as log_last_seq

    with read_session() as session:
        return log_last_seq(session)


def assert_gap_free(seqs: list[int], after: int) -> None:
    assert seqs == list(range(after + 1, after + 1 + len(seqs))), \
        f"not gap-free after {after}: {seqs[:5]}…{seqs[-5:]}"


# -- the tests -------------------------------------------------------------------------

def test_a_board_on_node_a_shows_an_sos_created_through_node_b(cluster: Cluster) -> None:
    on_a = open_board(cluster.a.url, cluster.session_token)
    through_nginx = open_board(cluster.nginx.url, cluster.session_token)
    try:
        with client(cluster, cluster.b.url) as b:
            created = create(b, "Cross Node SOS")
        for tab in (on_a, through_nginx):
            tab_wait(tab, lambda t=tab: shows(t, created["incident_id"]),
                     "the SOS made on node B reached a board")
    finally:
        on_a.close()
        through_nginx.close()


def _advisory_locks() -> list[int]:
    """Backend pids holding an advisory lock in this database (only Sety takes them)."""
    from sety_dashboard.core.db import read_session

    with read_session() as session:
        return list(session.execute(text(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )).scalars())


def _breaches(http: httpx.Client, incident_id: str) -> tuple[int, int]:
    """(sla_breached timeline entries, incident.sla_breached events) for an incident."""
    from sety_dashboard.core.db import read_session
    from sety_dashboard.events.models import EventRecord

    timeline = http.get(f"/v1/incidents/{incident_id}").json()["timeline"]
    with read_session() as session:
        events = [d for d in session.execute(
            select(EventRecord.data).where(EventRecord.type == "incident.sla_breached")).scalars()
            if d["incident_id"] == incident_id]
    return sum(1 for e in timeline if e["event"] == "sla_breached"), len(events)


def test_an_sla_breach_is_recorded_once_though_every_process_runs_the_ticker(
        cluster: Cluster) -> None:
    # Four processes run the ticker (both nodes say so); exactly one holds the lock.
    for node in cluster.nodes:
        health = httpx.get(f"{node.url}/v1/health", timeout=30).json()
        assert health["node"] == f"node-{node.name}"
        assert health["duties"]["sla_ticker"]["started"] is True
        assert health["duties"]["sla_ticker"]["guard"] == "advisory_lock"
    expect(lambda: len(_advisory_locks()) == 1, "one process holds the SLA ticker lock")
    with client(cluster, cluster.nginx.url) as http:
        policy = {"acknowledge_s": 2, "dispatch_s": 86400, "resolve_s": 86400}
        assert http.put("/v1/sla-policies/low", json=policy).status_code == 200
        first = create(http, "Breach Once", severity="low")["incident_id"]
        expect(lambda: _breaches(http, first)[0] >= 1, "the acknowledge deadline breach was noted")
        # A later incident's breach proves the tickers swept again after the first:
        # by then any second entry for the first would have been written.
        second = create(http, "Breach Later", severity="low")["incident_id"]
        expect(lambda: _breaches(http, second)[0] >= 1, "the second breach was noted")
        assert _breaches(http, first) == (1, 1)
        assert _breaches(http, second) == (1, 1)
        assert len(_advisory_locks()) == 1
        http.put("/v1/sla-policies/low",
                 json={"acknowledge_s": 1800, "dispatch_s": 14400, "resolve_s": 259200})


def _register(http: httpx.Client, url: str) -> str:
    resp = http.post("/v1/webhooks", json={"url": url, "events": ["incident.created"]})
    assert resp.status_code == 201, resp.text
    return resp.json()["endpoint_id"]


def _deliveries(endpoint_id: str) -> dict[str, int]:
    """status → count of this endpoint's delivery rows."""
    from sety_dashboard.core.db import read_session
    from sety_dashboard.webhooks.models import WebhookDelivery

    with read_session() as session:
        return dict(session.execute(
            select(WebhookDelivery.status, func.count()).where(
                WebhookDelivery.endpoint_id == endpoint_id).group_by(WebhookDelivery.status)).all())


def _by_incident(received: list[Received], path: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in received:
        if r.path == path:
            incident_id = r.json["data"]["incident_id"]
            counts[incident_id] = counts.get(incident_id, 0) + 1
    return counts


def test_every_webhook_event_is_delivered_once_per_endpoint(cluster: Cluster) -> None:
    with Receiver() as receiver, client(cluster, cluster.nginx.url) as http, \
            client(cluster, cluster.a.url) as a, client(cluster, cluster.b.url) as b:
        one = _register(http, receiver.url.replace("/hook", "/one"))
        two = _register(http, receiver.url.replace("/hook", "/two"))
        made = [create(a if i % 2 else b, f"Webhook {i}")["incident_id"] for i in range(20)]
        expect(lambda: _deliveries(one) == {"succeeded": 20} and
               _deliveries(two) == {"succeeded": 20},
               "every delivery of both endpoints succeeded")
        got = receiver.received()
        for path in ("/one", "/two"):
            assert _by_incident(got, path) == {i: 1 for i in made}, path
        for endpoint_id in (one, two):
            assert http.delete(f"/v1/webhooks/{endpoint_id}").status_code == 200


def test_the_stream_from_either_node_is_one_gap_free_sequence(cluster: Cluster) -> None:
    start = last_seq()
    readers = {name: StreamReader(base, cluster.admin_key, start)
               for name, base in (("a", cluster.a.url), ("b", cluster.b.url),
                                  ("nginx", cluster.nginx.url))}
    try:
        clients = [client(cluster, cluster.a.url), client(cluster, cluster.b.url)]
        with ThreadPoolExecutor(8) as pool:
            # 200 creates, half through each node, eight at a time.
            made = set(pool.map(lambda i: create(clients[i % 2], f"Stream {i}")["incident_id"],
                                range(200)))
        for c in clients:
            c.close()

        def complete(reader: StreamReader) -> bool:
            return made <= {e["data"].get("incident_id") for e in reader.seen()
                            if e["type"] == "incident.created"}

        for name, reader in readers.items():
            expect(lambda r=reader: complete(r), f"stream via {name} saw all 200 creates")
        end = min(max(e["seq"] for e in r.seen()) for r in readers.values())
        sequences = {name: [(e["seq"], e["id"]) for e in r.seen() if e["seq"] <= end]
                     for name, r in readers.items()}
        for seq in sequences.values():
            assert_gap_free([s for s, _ in seq], start)
        assert sequences["a"] == sequences["b"] == sequences["nginx"]
    finally:
        for reader in readers.values():
            reader.close()


def test_killing_a_node_mid_delivery_loses_nothing(cluster: Cluster) -> None:
    held = threading.Event()
    release = threading.Event()

    def reply(got: Received) -> Reply:
        # The first attempt of the HOLD event hangs: its sender dies mid-delivery.
        if got.json["data"]["subject"]["name"] == "HOLD" and not held.is_set():
            held.set()
            release.wait(120)
        return Reply(200)

    tabs: list[SyncTab] = []
    streams: list[StreamReader] = []
    with Receiver(reply) as receiver, client(cluster, cluster.nginx.url) as http:
        try:
            endpoint = _register(http, receiver.url)
            # Board tabs and stream readers through nginx, until each node has some.
            while {upstream(t.ws) for t in tabs} != {n.address for n in cluster.nodes}:
                assert len(tabs) < 8, "nginx never sent a tab to one of the nodes"
                tabs.append(open_board(cluster.nginx.url, cluster.session_token))
            start = last_seq()
            while {upstream(s.ws) for s in streams} != {n.address for n in cluster.nodes}:
                assert len(streams) < 8, "nginx never sent a stream to one of the nodes"
                streams.append(StreamReader(cluster.nginx.url, cluster.admin_key, start))

            hold = create(http, "HOLD")["incident_id"]
            expect(held.is_set, "the HOLD delivery reached the receiver")
            victim = _lease_holder(cluster, endpoint)
            survivor = next(n for n in cluster.nodes if n is not victim)
            victim.kill()

            # During the outage: nginx sends everything to the survivor.
            during = [create(http, f"Outage {i}")["incident_id"] for i in range(3)]

            # Webhooks: the lease runs out, the survivor delivers again (at least once).
            expect(lambda: _by_incident(receiver.received(), "/hook").get(hold, 0) >= 2,
                   "the HOLD event was delivered again by the surviving node")
            expect(lambda: _deliveries(endpoint) == {"succeeded": 4},
                   "every delivery succeeded after the kill")
            # The SLA ticker lock: the survivor holds it (taken over if the victim had it).
            expect(lambda: len(_advisory_locks()) == 1, "one process holds the SLA lock again")

            # Board: tabs on the survivor got the outage live; tabs on the victim were
            # cut off, reconnect through nginx (to the survivor) and catch up on load.
            for tab in list(tabs):
                if upstream(tab.ws) == survivor.address:
                    for incident_id in (hold, *during):
                        tab_wait(tab, lambda t=tab, i=incident_id: shows(t, i),
                                 "a tab on the survivor got every incident live")
            cut = [t for t in tabs if upstream(t.ws) == victim.address]
            assert cut
            for tab in cut:
                expect(lambda t=tab: cut_off(t), "the tab on the killed node lost its socket")
                again = open_board(cluster.nginx.url, cluster.session_token)
                tabs.append(again)
                assert upstream(again.ws) == survivor.address
                for incident_id in (hold, *during):
                    assert shows(again, incident_id), "the reconnected board caught up"

            # Stream: the reader on the victim was closed; it resumes through nginx
            # from its after_seq and the whole sequence has no gap and no duplicate.
            end = last_seq()
            for reader in list(streams):
                if upstream(reader.ws) == victim.address:
                    expect(reader.closed.is_set, "the stream on the killed node closed")
                    got = reader.seen()
                    resumed = StreamReader(cluster.nginx.url, cluster.admin_key,
                                           got[-1]["seq"] if got else start)
                    streams.append(resumed)
                    assert upstream(resumed.ws) == survivor.address
                    expect(lambda r=resumed: r.seen() and r.seen()[-1]["seq"] >= end,
                           "the resumed stream reached the end of the log")
                    seqs = [e["seq"] for e in got + resumed.seen() if e["seq"] <= end]
                else:
                    expect(lambda r=reader: r.seen() and r.seen()[-1]["seq"] >= end,
                           "the stream on the survivor kept going")
                    seqs = [e["seq"] for e in reader.seen() if e["seq"] <= end]
                assert_gap_free(seqs, start)
                assert seqs[-1] == end
        finally:
            release.set()
            for tab in tabs:
                tab.close()
            for reader in streams:
                reader.close()


def _lease_holder(cluster: Cluster, endpoint_id: str) -> Any:
    """The node whose worker holds the lease of the endpoint's in-flight delivery."""
    from sety_dashboard.core.db import read_session
    from sety_dashboard.webhooks.models import WebhookDelivery

    def owner() -> str | None:
        with read_session() as session:
            return session.execute(select(WebhookDelivery.lease_owner).where(
                WebhookDelivery.endpoint_id == endpoint_id,
                WebhookDelivery.lease_owner.is_not(None))).scalars().first()

    lease_owner = expect(owner, "the in-flight delivery has a lease owner")
    pid = int(lease_owner.rsplit(":", 2)[1])  # hostname:pid:random (webhooks/worker.py)
    return cluster.node_of_pid(pid)


@pytest.fixture(autouse=True)
def _logs_on_failure(request: pytest.FixtureRequest, cluster: Cluster) -> Iterator[None]:
    yield
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        print(f"\n[cluster] node logs:\n{cluster.logs()}")
