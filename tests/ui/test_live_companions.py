"""Component states on a page (`watch_also`): they get their topics' events
next to the page's own, and leave with the page."""

from __future__ import annotations

from sety_dashboard.ui.live import Watchers


class IncidentTab:  # stand-ins for state classes; the registry only stores them
    pass


class MusterPanel:
    pass


class BoardTab:
    pass


def test_a_component_receives_its_topics_next_to_the_page() -> None:
    w = Watchers()
    w.watch("tab1", IncidentTab, ["incident:inc_1"])
    w.watch_also("tab1", MusterPanel, ["incident:inc_1", "visitors"])
    w.watch("tab2", BoardTab, ["board"])
    assert sorted(w.pushes({"incident:inc_1"}), key=lambda p: p[1].__name__) == [
        ("tab1", IncidentTab), ("tab1", MusterPanel)]
    assert w.pushes({"visitors"}) == [("tab1", MusterPanel)]
    assert w.pushes({"board"}) == [("tab2", BoardTab)]
    assert w.pushes({"nothing"}) == []
    # The page-level answers are unchanged by components.
    assert w.targets({"visitors"}) == {}
    assert w.topics_of("tab1") == {"incident:inc_1"}
    assert w.topics_of("tab1", MusterPanel) == {"incident:inc_1", "visitors"}
    assert w.topics_of("tab1", BoardTab) == frozenset()
    # Everyone (a reload) includes the components.
    assert set(w.pushes(None)) == {("tab1", IncidentTab), ("tab1", MusterPanel),
                                   ("tab2", BoardTab)}


def test_watching_again_replaces_a_components_topics() -> None:
    w = Watchers()
    w.watch("tab1", IncidentTab, ["incident:inc_1"])
    w.watch_also("tab1", MusterPanel, ["visitors"])
    w.watch_also("tab1", MusterPanel, ["emergencies"])
    assert w.pushes({"visitors"}) == []
    assert w.pushes({"emergencies"}) == [("tab1", MusterPanel)]


def test_the_pages_next_watch_or_forget_drops_its_components() -> None:
    w = Watchers()
    w.watch("tab1", IncidentTab, ["incident:inc_1"])
    w.watch_also("tab1", MusterPanel, ["visitors"])
    # The tab moves to the board: the muster panel is gone with its page.
    w.watch("tab1", BoardTab, ["board"])
    assert w.pushes({"visitors"}) == []
    w.watch_also("tab1", MusterPanel, ["visitors"])
    assert "tab1" in w.tokens()
    w.forget("tab1")
    assert w.pushes({"visitors", "board"}) == [] and w.tokens() == []
