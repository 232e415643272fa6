"""Trends (range, day/week, previous period, CSV, readable axes) and the
shift handover page (open, missed, notes kept for the next shift)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body

pytestmark = pytest.mark.e2e


DAY_LABEL = re.compile(r"^(Week of )?(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d [A-Z][a-z]{2}$")


def _x_labels(page):
    """The date labels under the first chart (Incidents)."""
    return page.locator(".recharts-wrapper").first.locator("text", has_text=DAY_LABEL)


def _no_overlap(page) -> None:
    labels = _x_labels(page)
    expect(labels.first).to_be_visible()  # the chart has drawn
    boxes = [b for b in (t.bounding_box() for t in labels.all()) if b]
    assert len(boxes) >= 2
    boxes.sort(key=lambda b: b["x"])
    for a, b in zip(boxes, boxes[1:], strict=False):
        assert a["x"] + a["width"] <= b["x"] + 1, f"tick labels overlap: {a} {b}"


def test_trends_compare_periods_and_export(new_page, user_of, sign_in, api_client,
                                           screenshot) -> None:
    for name in ("Trend One", "Trend Two"):
        iid = api_client.post("/v1/incidents", json=incident_body(
            subject={"name": name})).json()["incident_id"]
        api_client.post(f"/v1/incidents/{iid}/acknowledge")
    page = new_page()
    sign_in(page, user_of("supervisor"))
    expect(page.locator("#board-table, #board-empty").first).to_be_visible()
    page.get_by_role("link", name="Trends", exact=True).click()
    page.wait_for_url("**/trends")
    row = page.locator("#trends-summary tr", has_text="Incidents (drills left out)")
    expect(row).to_be_visible(timeout=15_000)
    count = int(row.locator("td").nth(1).inner_text())
    assert count >= 2
    mtta = page.locator("#trends-summary tr", has_text="Mean time to acknowledge (MTTA)")
    expect(mtta.locator("td").nth(1)).to_contain_text(" s")
    expect(page.locator("#trends-period")).to_contain_text("30 days from")
    screenshot(page, "trends-days")
    _no_overlap(page)

    page.get_by_role("radio", name="Week").click()
    expect(_x_labels(page).first).to_contain_text("Week of")
    _no_overlap(page)
    with page.expect_download() as info:
        page.click("#trends-csv")
    lines = open(info.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0].startswith("period,bucket_start,incidents,drills,mtta_s,mttr_s")
    assert any(line.startswith("previous,") for line in lines)
    screenshot(page, "trends-weeks")


def test_handover_shows_open_work_and_keeps_notes(new_page, user_of, sign_in, api_client,
                                                  screenshot) -> None:
    api_client.post("/v1/incidents", json=incident_body(title="Handover open SOS"))
    outgoing = new_page()
    sign_in(outgoing, user_of("dispatcher"))
    expect(outgoing.locator("#board-table, #board-empty").first).to_be_visible()
    outgoing.get_by_role("link", name="Handover", exact=True).click()
    expect(outgoing.locator("tr.handover-open", has_text="Handover open SOS")).to_be_visible()
    outgoing.fill("#handover-note-text", "Gate B camera is down; facilities know.")
    outgoing.click("#handover-note-submit")
    expect(outgoing.locator(".handover-note", has_text="Gate B camera is down")).to_be_visible()
    expect(outgoing.locator("#handover-note-text")).to_have_value("")
    screenshot(outgoing, "handover")

    incoming = new_page()
    sign_in(incoming, user_of("supervisor"))
    incoming.goto("/handover")
    expect(incoming.locator(".handover-note", has_text="Gate B camera is down")).to_be_visible()
