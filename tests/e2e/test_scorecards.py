"""Scorecards in the dashboard: the Scorecard tab of a closed incident (opened
by ending a drill) and the drill record page with its CSV export."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body

pytestmark = pytest.mark.e2e


def _drill(api_client, site: str, title: str, visitor: str | None = None) -> str:
    """A fire drill at `site`, acknowledged and dispatched; with a visitor on
    site who is accounted for when given."""
    log = None
    if visitor:
        log = api_client.post("/v1/access-logs", json={"visitor_name": visitor, "site": site}).json()
    rid = api_client.post("/v1/responders", json={"name": f"Warden {title}"}).json()["responder_id"]
    iid = api_client.post("/v1/incidents", json=incident_body(
        category="fire", severity="high", site=site, is_drill=True, title=title)).json()["incident_id"]
    api_client.post(f"/v1/incidents/{iid}/acknowledge")
    api_client.post(f"/v1/incidents/{iid}/assignments", json={"responder_id": rid})
    if log:
        api_client.post(f"/v1/incidents/{iid}/muster/{log['log_id']}/accounted")
    return iid


def test_ending_a_drill_opens_its_scorecard(new_page, user_of, sign_in, api_client,
                                            screenshot) -> None:
    iid = _drill(api_client, "Scorecard HQ", "Scorecard fire drill", visitor="Chidi Okeke")
    open_iid = api_client.post("/v1/incidents", json=incident_body(title="Still open SOS")
                               ).json()["incident_id"]
    page = new_page()
    sign_in(page, user_of("supervisor"))
    # An open incident has no Scorecard tab.
    page.goto(f"/incidents/{open_iid}")
    expect(page.locator("#incident-title")).to_have_text("Still open SOS")
    expect(page.locator("#tab-scorecard")).to_have_count(0)

    page.goto(f"/incidents/{iid}")
    expect(page.locator("#incident-title")).to_have_text("Scorecard fire drill")
    expect(page.locator("#tab-scorecard")).to_have_count(0)
    page.click("#action-cancel")
    page.fill("#cancel-reason", "Drill over: everyone out")
    page.click("#cancel-submit")
    expect(page.locator("#scorecard-headline")).to_contain_text("Drill cancelled after")
    expect(page.locator("#tab-scorecard")).to_have_attribute("data-state", "active")
    stages = page.locator("tr.scorecard-stage")
    expect(stages).to_have_count(4)
    ack = page.locator("tr.scorecard-stage[data-stage=acknowledge]")
    expect(ack).to_contain_text("1 min")  # high severity: 1 min target
    expect(ack.get_by_text("Met", exact=True)).to_be_visible()
    expect(page.locator("tr.scorecard-stage[data-stage=on_scene]")).to_contain_text("Not reached")
    expect(page.locator("#scorecard-muster")).to_have_text(
        "1 of 1 on site at Scorecard HQ accounted for (100 %)")
    expect(page.locator("#scorecard-muster-done")).to_contain_text("Everyone accounted for after")
    expect(page.locator("#scorecard-responders")).to_have_text("1 responder")
    screenshot(page, "scorecard-tab")

    # Back to the details and again: the tab is a tab.
    page.click("#tab-details")
    expect(page.locator("#timeline")).to_be_visible()
    expect(page.locator("#scorecard")).to_be_hidden()
    page.click("#tab-scorecard")
    expect(page.locator("#scorecard")).to_be_visible()


def test_drill_record_lists_drills_per_site_and_exports_csv(new_page, user_of, sign_in,
                                                           api_client, screenshot) -> None:
    first = _drill(api_client, "Record Annex", "Annex drill one", visitor="Ngozi Eze")
    api_client.post(f"/v1/incidents/{first}/cancel", json={"reason": "done"})
    second = _drill(api_client, "Record Annex", "Annex drill two")
    api_client.post(f"/v1/incidents/{second}/resolve", json={"resolution_outcome": "handled"})
    _drill(api_client, "Record Depot", "Depot drill")
    page = new_page()
    sign_in(page, user_of("supervisor"))
    page.get_by_role("link", name="Drills", exact=True).click()
    page.wait_for_url("**/drills")
    annex = page.locator(".drill-site[data-site='Record Annex']")
    expect(annex.locator("tr.drill-row")).to_have_count(2)
    # Newest first, the measures in words.
    expect(annex.locator("tr.drill-row").first).to_contain_text("Annex drill two")
    expect(annex.locator("tr.drill-row").first).to_contain_text("Resolved after")
    expect(annex.locator("tr.drill-row").nth(1)).to_contain_text("Cancelled after")
    expect(annex.locator("tr.drill-row").nth(1)).to_contain_text("(1 person)")
    depot = page.locator(".drill-site[data-site='Record Depot'] tr.drill-row")
    expect(depot).to_contain_text("Still running")
    screenshot(page, "drill-record")

    with page.expect_download() as info:
        page.click("#drills-csv")
    text = open(info.value.path(), encoding="utf-8").read()
    lines = text.splitlines()
    assert lines[0].startswith("site,incident_id,started_at,title")
    assert any(line.startswith("Record Annex,") and "Annex drill one" in line for line in lines)

    page.locator(".drill-site[data-site='Record Annex'] a", has_text="Annex drill one").click()
    expect(page.locator("#incident-title")).to_have_text("Annex drill one")
    page.click("#tab-scorecard")
    expect(page.locator("#scorecard-headline")).to_contain_text("Drill cancelled after")
