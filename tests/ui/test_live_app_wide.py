"""App-wide states (`watch_app`, the frame's alert bar): fed on every page,
kept across page changes, dropped only with the tab."""

from __future__ import annotations

from sety_dashboard.ui.live import Watchers


class AlertBar:  # stand-ins for state classes; the registry only stores them
    pass


class BoardTab:
    pass


class ThreatTab:
    pass


def test_the_alert_bar_follows_the_tab_across_pages_until_it_closes() -> None:
    w = Watchers()
    w.watch("tab1", BoardTab, ["board"])
    w.watch_app("tab1", AlertBar, ["alerts"])
    assert w.pushes({"alerts"}) == [("tab1", AlertBar)]
    # Another page: its own topics replace the board's, the alert bar stays.
    w.watch("tab1", ThreatTab, ["threat"])
    assert w.pushes({"alerts"}) == [("tab1", AlertBar)]
    assert w.pushes({"board"}) == []
    assert w.topics_of("tab1", AlertBar) == {"alerts"}
    # A refused page drops only the page's topics.
    w.drop_page("tab1")
    assert w.pushes({"alerts"}) == [("tab1", AlertBar)] and "tab1" in w.tokens()
    # Every tab (a reload) includes it; a closed socket drops it.
    assert ("tab1", AlertBar) in w.pushes(None)
    w.forget("tab1")
    assert w.pushes({"alerts"}) == [] and w.tokens() == []
