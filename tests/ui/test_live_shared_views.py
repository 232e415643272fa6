"""Shared views (`live.share_view`): tabs that show the same thing get one
packet per event, encoded once, and a tab's own state is never entered."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from sety_dashboard.ui import live
from sety_dashboard.ui.live import Watchers


class Board:  # stand-ins for state classes: the bridge needs only their names
    @classmethod
    def get_full_name(cls) -> str:
        return "state.board"


class Alerts:
    @classmethod
    def get_full_name(cls) -> str:
        return "state.alerts"


class Incident:
    pass


class FakeApp:
    """Records what the bridge emits; sockets 'sid-<token>' on this worker."""

    def __init__(self, tokens: list[str], elsewhere: tuple[str, ...] = ()) -> None:
        records = {t: SimpleNamespace(sid=f"sid-{t}", instance_id="here") for t in tokens}
        records.update({t: SimpleNamespace(sid=f"sid-{t}", instance_id="there")
                        for t in elsewhere})
        self.event_namespace = SimpleNamespace(
            namespace="/_event",
            _token_manager=SimpleNamespace(token_to_socket=records, instance_id="here"))
        self.sent: list[tuple[dict[str, Any], list[str]]] = []
        self.on_emit = lambda: None
        self.sio = SimpleNamespace(emit=self._emit)

    async def _emit(self, event: str, update: Any, to: list[str], namespace: str) -> None:
        assert event == "event" and namespace == "/_event"
        self.sent.append((update.delta, sorted(to)))
        self.on_emit()


@pytest.fixture
def bridge(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    watchers = Watchers()
    monkeypatch.setattr(live, "WATCHERS", watchers)
    monkeypatch.setattr(live, "_shared", {})
    monkeypatch.setattr(live, "_sent_stamps", {})
    world: dict[str, Any] = {"version": 1, "computed": [], "w": watchers}

    def board(view: Any) -> dict[str, Any]:
        world["computed"].append(("board", view))
        return {"rows": [f"{view}@{world['version']}"]}

    def alerts(view: Any) -> dict[str, Any]:
        world["computed"].append(("alerts", view))
        return {"waiting_count": world["version"]}

    live.share_view(Board, board, lambda: world["version"])
    live.share_view(Alerts, alerts, lambda: world["version"])
    return world


def send(app: FakeApp, topics: set[str]) -> list[tuple[str, type]]:
    return asyncio.run(live._send_shared_views(app, live.WATCHERS.pushes(topics)))


def test_same_view_one_packet_computed_once_others_left_to_transactions(bridge) -> None:
    w = bridge["w"]
    for tab in ("t1", "t2", "t3"):
        w.watch(tab, Board, ["board"], view="all")
        w.watch_app(tab, Alerts, ["alerts"], view="alerts")
    w.watch("t4", Board, ["board"], view="sos")
    w.watch("t5", Incident, ["board"])  # a state without a shared view
    app = FakeApp(["t1", "t2", "t3", "t4", "t5"])
    rest = send(app, {"board", "alerts"})
    assert rest == [("t5", Incident)]
    assert sorted(bridge["computed"]) == [("alerts", "alerts"), ("board", "all"),
                                          ("board", "sos")]
    assert sorted(app.sent, key=lambda s: s[1]) == [
        ({"state.board": {"rows_rx_state_": ["all@1"]},
          "state.alerts": {"waiting_count_rx_state_": 1}}, ["sid-t1", "sid-t2", "sid-t3"]),
        ({"state.board": {"rows_rx_state_": ["sos@1"]}}, ["sid-t4"]),
    ]


def test_nothing_sent_again_until_the_stamp_changes(bridge) -> None:
    w = bridge["w"]
    w.watch("t1", Board, ["board"], view="all")
    app = FakeApp(["t1"])
    send(app, {"board"})
    send(app, {"board"})  # e.g. a note: the board did not change
    assert len(app.sent) == 1
    bridge["version"] = 2
    send(app, {"board"})
    assert [s[0]["state.board"]["rows_rx_state_"] for s in app.sent] == [["all@1"], ["all@2"]]


def test_tabs_on_another_worker_or_gone_get_nothing_here(bridge) -> None:
    w = bridge["w"]
    for tab in ("here", "there", "gone"):
        w.watch(tab, Board, ["board"], view="all")
    app = FakeApp(["here"], elsewhere=("there",))
    send(app, {"board"})
    assert [s[1] for s in app.sent] == [["sid-here"]]


def test_a_tab_whose_view_changes_during_a_send_gets_its_new_view(bridge) -> None:
    """Groups are formed afresh after each send: a filter changed meanwhile
    (its handler already sent the new view) is never followed by the old one."""
    w = bridge["w"]
    w.watch("t1", Board, ["board"], view="all")
    w.watch("t2", Board, ["board"], view="sos")
    app = FakeApp(["t1", "t2"])
    moved = []

    def move_the_other_tab() -> None:
        if not moved:
            other = "t2" if app.sent[0][1] == ["sid-t1"] else "t1"
            w.set_view(other, Board, "medical")
            moved.append(other)

    app.on_emit = move_the_other_tab
    send(app, {"board"})
    assert len(app.sent) == 2
    assert app.sent[1] == ({"state.board": {"rows_rx_state_": ["medical@1"]}},
                           [f"sid-{moved[0]}"])


def test_views_are_dropped_with_the_page_and_the_tab(bridge) -> None:
    w = bridge["w"]
    w.watch("t1", Board, ["board"], view="all")
    w.watch_app("t1", Alerts, ["alerts"], view="alerts")
    w.watch("t1", Incident, ["incident:1"])  # another page
    assert w.view_of("t1", Board) is None and w.view_of("t1", Alerts) == "alerts"
    w.forget("t1")
    assert w.view_of("t1", Alerts) is None
