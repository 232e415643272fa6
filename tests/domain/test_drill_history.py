"""The drill record: last drills per site, newest first, and its CSV."""

from __future__ import annotations

import csv
import io

from sety_dashboard.core.db import read_session
from sety_dashboard.domain.incidents.drill_history import drills_csv, recent_drills
from tests.factories import make_incident


def test_last_drills_per_site_newest_first(db, clock):
    for i in range(4):
        make_incident(category="fire", site="HQ", is_drill=True, title=f"HQ drill {i}")
        clock.advance(60)
    make_incident(category="medical", site="Annex", is_drill=True, title="Annex drill")
    make_incident(category="sos", is_drill=True, title="Street drill")
    make_incident(category="fire", site="HQ", title="Real fire")  # not a drill
    with read_session() as session:
        sites = recent_drills(session, per_site=3)
        text = drills_csv(sites)
    assert [g["site"] for g in sites] == ["Annex", "HQ", "No site"]
    assert [d["title"] for d in sites[1]["drills"]] == ["HQ drill 3", "HQ drill 2", "HQ drill 1"]
    assert sites[2]["drills"][0]["muster"] is None
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5 and rows[1]["site"] == "HQ" and rows[1]["title"] == "HQ drill 3"
    assert rows[1]["ended"] == "open" and rows[1]["acknowledge_met"] == "no"  # 15 s, never acknowledged
    assert rows[0]["on_site"] == "0" and rows[0]["accounted_pct"] == ""
