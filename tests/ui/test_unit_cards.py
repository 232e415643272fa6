"""The responder page's cards and the board's unit rows (pure shaping)."""

from __future__ import annotations

from sety_dashboard.ui.viewmodels.unit_cards import card_for, format_distance, map_links
from sety_dashboard.ui.viewmodels.unit_rows import marker_for, unit_rows


def _view(**over) -> dict:
    view = {
        "incident_id": "inc_1", "title": "SOS — Amaka Obi", "category": "sos",
        "severity": "critical", "status": "dispatched", "is_drill": False,
        "description": "Caller is hiding in the shop",
        "subject": {"name": "Amaka Obi", "phone": "+2348012345678"},
        "location": {"coordinates": [3.3792, 6.5244], "address": "14 Bourdillon Road",
                     "landmark": "Blue gate"},
        "sla": {"acknowledged_at": "t", "dispatched_at": "t", "resolve_due_at": "2026-12-01T10:00:00.000Z",
                "breached": False},
        "created_at": "2026-12-01T09:00:00.000Z",
        "timeline": [
            {"event": "note_added", "actor": "user:usr_d", "actor_name": "Ada", "message": "Gate B"},
            {"event": "note_added", "actor": "user:usr_me", "actor_name": "Me", "message": "mine"},
        ],
        "responders": [
            {"assignment_id": "asg_old", "status": "released", "responder": {"responder_id": "rsp_7"}},
            {"assignment_id": "asg_1", "status": "assigned", "accepted_at": None,
             "accept_due_at": "2026-12-01T09:01:00.000Z", "backup_requested_at": None,
             "note": "Ask for Musa", "assigned_at": "2026-12-01T09:00:05.000Z",
             "responder": {"responder_id": "rsp_7", "name": "Unit 7"}},
        ],
    }
    view.update(over)
    return view


def test_card_shows_what_the_unit_needs() -> None:
    card = card_for(_view(), "asg_1", 1234.0, "user:usr_me")
    assert card.tel_href == "tel:+2348012345678"
    assert card.geo_href.startswith("geo:6.524400,3.379200?q=6.524400,3.379200(14%20Bourdillon")
    assert "mlat=6.524400&mlon=3.379200" in card.osm_href
    assert card.distance == "1.2 km away"
    assert card.sla_stage == "resolve" and card.sla_due == "2026-12-01T10:00:00.000Z"
    # The dispatcher's notes, not the unit's own.
    assert card.notes == ["Ask for Musa", "Caller is hiding in the shop", "Ada: Gate B"]
    assert not card.accepted and card.status_label == "Assigned"


def test_no_card_once_released_or_closed() -> None:
    assert card_for(_view(), "asg_old", None) is None
    assert card_for(_view(status="resolved"), "asg_1", None) is None
    assert card_for(_view(), "asg_unknown", None) is None


def test_distances_read_naturally() -> None:
    assert format_distance(None).startswith("Distance unknown")
    assert format_distance(344) == "340 m away"
    assert format_distance(12_345) == "12.3 km away"
    geo, _ = map_links(6.5, 3.4, "")
    assert geo == "geo:6.500000,3.400000?q=6.500000,3.400000"


def test_board_rows_and_markers() -> None:
    [row] = unit_rows(_view())
    assert (row.assignment_id, row.accepted, row.accept_due_at) == (
        "asg_1", False, "2026-12-01T09:01:00.000Z")
    assert unit_rows(_view(status="cancelled")) == []
    rsp = {"responder_id": "rsp_7", "name": "Unit 7", "on_duty": True,
           "location": {"coordinates": [3.38, 6.52]},
           "location_updated_at": "2026-12-01T09:00:00.000Z"}
    m = marker_for(rsp)
    assert (m["lat"], m["lng"], m["stale_after"]) == (6.52, 3.38, "2026-12-01T09:05:00.000Z")
    assert marker_for({**rsp, "on_duty": False}) is None
    assert marker_for({**rsp, "location": None, "location_updated_at": None}) is None
