"""The threat map in real Chromium, with no map tiles reachable (as in a
control room without internet): the offline basemap, overlays, named danger
zones, a clicked spot's score, pasted routes (phone order, drawn before
analysis; swapped coordinates flagged), a route through a zone."""

from __future__ import annotations

import math
import re

import pytest
from playwright.sync_api import expect

from tests.factories import incident_body

pytestmark = pytest.mark.e2e

CENTER = (3.3792, 6.5244)  # the map opens here (Lagos)


def _offset(east_m: float, north_m: float) -> list[float]:
    m = 111_195.08
    return [CENTER[0] + east_m / (m * math.cos(math.radians(CENTER[1]))), CENTER[1] + north_m / m]


@pytest.fixture(scope="module")
def threat_data(api_client) -> None:
    """A hot spot of 30 night-time-category incidents around the map's centre,
    ten more scattered within 3 km, and a police station 400 m east."""
    for i in range(30):
        angle, r = 2 * math.pi * i / 30, 20 + 4 * i
        body = incident_body(category=("security", "sos", "harassment")[i % 3],
                             location={"coordinates": _offset(r * math.cos(angle),
                                                              r * math.sin(angle)),
                                       "address": f"{i + 1} Agege Motor Road, Oshodi, Lagos",
                                       "landmark": "near the pedestrian bridge"})
        assert api_client.post("/v1/incidents", json=body).status_code == 201
    for i in range(10):
        angle = 2 * math.pi * i / 10
        body = incident_body(category="accident", severity="low",
                             location={"coordinates": _offset(2500 * math.cos(angle),
                                                              2500 * math.sin(angle))})
        assert api_client.post("/v1/incidents", json=body).status_code == 201
    r = api_client.post("/v1/safe-zones", json={
        "name": "Ikoyi Police Station", "kind": "police",
        "location": {"coordinates": _offset(400, 0)}})
    assert r.status_code == 201, r.text


def _heat_total(page) -> int:
    return int(re.match(r"\d+", page.locator("#heat-total").inner_text()).group(0))


def test_threat_map_shows_overlays_scores_a_click_and_a_route(
        threat_data, api_client, new_page, user_of, sign_in, screenshot) -> None:
    page = new_page()
    sign_in(page, user_of("dispatcher"))
    page.goto("/threat")
    expect(page.locator("#threat-map .leaflet-container")).to_be_visible()

    # No tile can load: the offline basemap (coastlines, borders) is drawn
    # instead, and the map says so.
    expect(page.locator("#threat-map .sety-offline-note")).to_have_text("offline map")
    expect(page.locator("#threat-map path.sety-basemap").first).to_be_attached(timeout=15_000)

    # Overlays of the visible area, drawn although no tile can load.
    expect(page.locator("path.sety-heat-cell").first).to_be_attached(timeout=15_000)
    expect(page.locator("path.sety-danger-zone").first).to_be_attached()
    expect(page.locator("path.sety-safe-zone")).to_have_count(1)
    assert _heat_total(page) >= 40
    # Zones have place names; no internal ids or grid jargon on screen.
    # (The shared e2e database also holds other modules' incidents at this spot,
    # so the locality is whichever is most common there; the landmark is ours.)
    row = page.locator("#zone-list .zone-row").first
    expect(row.locator(".zone-name")).to_have_text(re.compile(r"^\w+ — near the pedestrian bridge$"))
    zones = api_client.get("/v1/threat-intel/danger-zones", params={
        "lat": CENTER[1], "lng": CENTER[0], "radius_m": 3000}).json()["data"]
    assert row.locator(".zone-name").inner_text() in {z["name"] for z in zones}
    body_text = page.locator("body").inner_text()
    assert "H3" not in body_text and "zone_" not in body_text
    screenshot(page, "threat-map-offline")

    # An incident reported through the API shows without a reload.
    total = _heat_total(page)
    assert api_client.post("/v1/incidents", json=incident_body(
        location={"coordinates": _offset(-1200, 800)})).status_code == 201
    expect(page.locator("#heat-total")).to_have_text(f"{total + 1} incidents in view")

    # Clicking a zone zooms the map to it.
    before_w = page.locator("path.sety-danger-zone").first.bounding_box()["width"]
    row.click()
    page.wait_for_function(
        "w => { const p = document.querySelector('path.sety-danger-zone');"
        " return p && p.getBoundingClientRect().width > 1.5 * w; }", arg=before_w)

    # Click the hot spot (the map's centre): its score, factors and hours.
    box = page.locator("#threat-map .leaflet-container").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#spot-score")).to_have_text(re.compile(r"^\d+(\.\d)?$"))
    score = float(page.locator("#spot-score").inner_text())
    assert 0 <= score < 60
    expect(page.locator("#spot-grade")).to_have_text(re.compile(r"Grade [A-F]"))
    expect(page.locator("#spot-factors .spot-factor").first).to_contain_text("Incidents nearby")
    expect(page.locator("#spot-hours-chart .recharts-bar-rectangle").first).to_be_attached()
    expect(page.locator("path.sety-spot")).to_have_count(1)
    screenshot(page, "threat-map")

    # A route through the hot spot, pasted as a phone map copies points
    # (latitude, longitude): drawn on the map before any analysis.
    west, east = _offset(-2000, 0), _offset(2000, 0)
    expect(page.locator("#route-order")).to_contain_text("latitude, longitude")
    page.fill("#route-input", f"{west[1]}, {west[0]}\n{CENTER[1]}, {CENTER[0]}\n"
                              f"{east[1]}, {east[0]}")
    expect(page.locator("#route-hint")).to_have_text("3 points on the map")
    expect(page.locator("path.sety-route-point")).to_have_count(3)
    expect(page.locator("path.sety-route-preview")).to_have_count(1)
    expect(page.locator("#route-score")).to_have_count(0)
    page.click("#route-analyse")
    expect(page.locator("#route-score")).to_have_text(re.compile(r"^\d+(\.\d)?$"))
    assert page.locator("path.sety-route-segment").count() >= 10
    # Through the danger zone: the worst stretch sets the score (a severe
    # zone allows at most 19, a high one 39), and the advice names it.
    assert float(page.locator("#route-score").inner_text()) < 40
    expect(page.locator("#route-advice li").first).to_be_visible()
    expect(page.locator("#route-advice")).to_contain_text(
        re.compile(r"Between \d\.\d km and \d\.\d km, through the danger zone near \w+ — "
                   r"near the pedestrian bridge"))
    screenshot(page, "threat-map-route")

    # The same points pasted the wrong way round land in the sea: flagged,
    # not called safe.
    page.fill("#route-input", f"{west[0]}, {west[1]}\n{east[0]}, {east[1]}")
    expect(page.locator("#route-hint")).to_have_text("2 points on the map")
    page.click("#route-analyse")
    expect(page.locator("#route-warning")).to_contain_text("Check the coordinate order")
    expect(page.locator("#route-score")).to_have_count(0)
    page.click("#route-clear")

    # Pan far east: the layers are read again for the new view.
    before = _heat_total(page)
    page.mouse.move(box["x"] + box["width"] - 40, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 40, box["y"] + box["height"] / 2, steps=12)
    page.mouse.up()
    expect(page.locator("#heat-total")).not_to_have_text(f"{before} incidents in view")
    assert _heat_total(page) < before


def test_route_mode_clicks_add_points(threat_data, new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("supervisor"))
    page.goto("/threat")
    container = page.locator("#threat-map .leaflet-container")
    expect(container).to_be_visible()
    page.get_by_role("radio", name="Route").click()
    box = container.bounding_box()
    for dx in (-200, 0, 200):
        page.mouse.click(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + 60)
    expect(page.locator("path.sety-route-point")).to_have_count(3)
    expect(page.locator("#route-input")).to_have_value(re.compile(r"^[\d.]+, [\d.]+\n"))
    page.click("#route-analyse")
    expect(page.locator("#route-score")).to_be_visible()


def test_front_desk_is_refused_the_threat_map(new_page, user_of, sign_in) -> None:
    page = new_page()
    sign_in(page, user_of("front_desk"))
    page.goto("/threat")
    expect(page.locator("#access-denied")).to_be_visible()
    expect(page.locator("#threat-map")).to_have_count(0)
