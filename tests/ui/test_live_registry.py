"""The live-update registry: which tabs watch what, and which events concern whom.

The topic rules are process-wide and every page module adds its own when
imported, so what `topics_for` returns depends on which modules earlier
tests imported. Each test here therefore works on an emptied rule list
(given back afterwards) and adds exactly the rules it is about.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sety_dashboard.ui import live
from sety_dashboard.ui.live import Watchers, topics_for


@pytest.fixture(autouse=True)
def _only_the_rules_a_test_adds() -> Iterator[None]:
    before = list(live._rules)
    live._rules.clear()
    yield
    live._rules[:] = before


class BoardTab:  # stands in for a state class; the registry only stores it
    pass


class DetailTab:
    pass


def test_a_tab_watches_one_pages_topics_at_a_time() -> None:
    w = Watchers()
    w.watch("tab1", BoardTab, ["board"])
    w.watch("tab2", DetailTab, ["incident:inc_1"])
    assert w.targets({"board", "incident:inc_1"}) == {"tab1": BoardTab, "tab2": DetailTab}
    # tab1 navigates to an incident page: it no longer gets board events.
    w.watch("tab1", DetailTab, ["incident:inc_2"])
    assert w.targets({"board"}) == {}
    assert w.targets({"incident:inc_2"}) == {"tab1": DetailTab}
    w.forget("tab1")
    assert w.targets({"incident:inc_2"}) == {} and len(w) == 1
    assert w.everyone() == {"tab2": DetailTab}


def test_incident_events_concern_the_board_and_that_incidents_page() -> None:
    from sety_dashboard.ui.state import board

    # Importing it registered the rule, into this emptied list or before it was
    # emptied; add it (adding twice is harmless) so only this rule is asked.
    live.add_topic_rule("incident.", board.incident_topics)
    envelope = {"type": "incident.note_added", "seq": 3, "data": {"incident_id": "inc_9"}}
    assert topics_for(envelope) == {"board", "incident:inc_9"}
    assert topics_for({"type": "access.checked_in", "data": {}}) == set()


def test_rules_are_added_once_and_a_failing_rule_does_not_stop_the_others() -> None:
    def broken(data):
        raise KeyError("site")

    def visitors(data):
        return [f"visitors:{data.get('site')}"]

    live.add_topic_rule("access.", broken)
    live.add_topic_rule("access.", visitors)
    live.add_topic_rule("access.", visitors)
    assert live._rules.count(("access.", visitors)) == 1
    assert topics_for({"type": "access.checked_in", "data": {"site": "HQ"}}) == {"visitors:HQ"}

