"""Threat map (`/threat`): heatmap and danger zones of the visible area,
safe zones, the safety score and analytics of any clicked spot, and a route
tool (click points or paste coordinates) with its pieces coloured by risk.

The map is the big thing on the screen; the side panel holds the spot, the
route and the danger zones in view. Everything on the map is vector-drawn,
so it shows without tiles.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.incidents.inputs import CATEGORIES
from sety_dashboard.domain.users.permissions import can_see_threat_map
from sety_dashboard.ui.components.badges import CATEGORY_LABELS
from sety_dashboard.ui.components.threat_map import threat_map
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.threat import ThreatState

S = ThreatState
MAP_HEIGHT = "calc(100vh - 150px)"
PANEL_WIDTH = "430px"


def _label(text: str) -> rx.Component:
    return rx.text(text, size="1", weight="bold", color_scheme="gray",
                   text_transform="uppercase", letter_spacing="0.06em")


def _toolbar() -> rx.Component:
    def switch(label: str, checked: rx.Var, on_change, id_: str) -> rx.Component:
        return rx.hstack(rx.switch(checked=checked, on_change=on_change, id=id_, size="1"),
                         rx.text(label, size="2"), align="center", spacing="1")

    return rx.hstack(
        rx.heading("Threat map", size="5"),
        rx.segmented_control.root(
            rx.segmented_control.item("Inspect", value="inspect"),
            rx.segmented_control.item("Route", value="route"),
            value=S.mode, on_change=S.set_mode, size="1", id="threat-mode",
        ),
        rx.select.root(
            rx.select.trigger(width="130px", id="threat-days"),
            rx.select.content(*[rx.select.item(label, value=v) for v, label in (
                ("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days"),
                ("365", "Last year"))]),
            value=S.days, on_change=S.set_days, size="1",
        ),
        rx.select.root(
            rx.select.trigger(width="160px", id="threat-category"),
            rx.select.content(rx.select.item("All categories", value="all"),
                              *[rx.select.item(CATEGORY_LABELS[c], value=c) for c in CATEGORIES]),
            value=S.category, on_change=S.set_category, size="1",
        ),
        switch("Heatmap", S.show_heat, S.set_field("show_heat"), "layer-heat"),
        switch("Danger zones", S.show_zones, S.set_field("show_zones"), "layer-zones"),
        switch("Safe zones", S.show_safe, S.set_field("show_safe"), "layer-safe"),
        rx.spacer(),
        rx.text(S.heat_total, " incidents in view", size="1", color_scheme="gray",
                id="heat-total", white_space="nowrap"),
        spacing="3", align="center", width="100%", wrap="wrap",
    )


def _map() -> rx.Component:
    return rx.box(
        threat_map(
            cells=S.map_cells, zones=S.map_zones, safe_zones=S.map_safe_zones, spot=S.map_spot,
            route_points=S.route_points, route_segments=S.route_segments, focus=S.focus,
            tile_url=S.map_tile_url, attribution=S.map_attribution, height=MAP_HEIGHT,
            cursor=rx.cond(S.mode == "route", "crosshair", "pointer"),
            on_view_change=S.view_changed, on_map_click=S.map_clicked, id="threat-map",
        ),
        rx.cond(S.view_note != "",
                rx.badge(S.view_note, color_scheme="amber", variant="solid",
                         position="absolute", top="10px", right="10px", z_index="500",
                         id="view-note")),
        rx.cond(S.view_error != "",
                rx.callout(S.view_error, icon="triangle-alert", color_scheme="red",
                           position="absolute", bottom="10px", left="10px", z_index="500",
                           size="1")),
        _legend(),
        position="relative", width="100%",
    )


def _legend() -> rx.Component:
    def dot(color: str, label: str, ring: bool = False) -> rx.Component:
        return rx.hstack(
            rx.box(width="10px", height="10px", border_radius="50%",
                   background="transparent" if ring else color,
                   border=f"2px {'dashed' if ring else 'solid'} {color}"),
            rx.text(label, size="1"), align="center", spacing="1")

    return rx.hstack(
        dot("#fde68a", "few"), dot("#f97316", "more"), dot("#b91c1c", "most incidents"),
        dot("#e5484d", "danger zone", ring=True), dot("#30a46c", "safe zone"),
        spacing="3", position="absolute", bottom="24px", right="10px", z_index="500",
        padding="4px 8px", border_radius="var(--radius-2)", background="var(--color-panel-solid)",
        box_shadow="var(--shadow-2)",
    )


def _factor(f: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.hstack(
        rx.badge(f["impact"], color_scheme=f["color"], variant="soft", size="1",
                 min_width="52px", justify="center"),
        rx.vstack(rx.text(f["name"], size="1", weight="bold"),
                  rx.text(f["detail"], size="1", color_scheme="gray"), spacing="0"),
        align="start", spacing="2", class_name="spot-factor",
    )


def _hours_chart() -> rx.Component:
    return rx.box(
        rx.recharts.bar_chart(
            rx.recharts.bar(data_key="incidents", fill="var(--red-9)", is_animation_active=False),
            rx.recharts.x_axis(data_key="hour", interval=2, tick_line=False,
                               style={"fontSize": "10px"}),
            rx.recharts.y_axis(allow_decimals=False, width=28, style={"fontSize": "10px"}),
            rx.recharts.graphing_tooltip(),
            data=S.spot_hours, width="100%", height=130,
            margin={"top": 4, "right": 4, "left": 0, "bottom": 0},
        ),
        width="100%", id="spot-hours-chart",
    )


def _spot_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(_label("This spot"), rx.spacer(),
                      rx.cond(S.has_spot, rx.icon_button(rx.icon("x", size=14), size="1",
                                                          variant="ghost", color_scheme="gray",
                                                          on_click=S.clear_spot)),
                      width="100%", align="center"),
            rx.cond(
                S.has_spot,
                rx.vstack(
                    rx.hstack(
                        rx.text(S.spot["score"], size="8", weight="bold", id="spot-score",
                                color=S.spot["color"], font_variant_numeric="tabular-nums"),
                        rx.vstack(
                            rx.badge("Grade ", S.spot["grade"], size="2", id="spot-grade",
                                     variant="solid", color_scheme="gray"),
                            rx.text(S.spot["level"], size="2", weight="medium",
                                    text_transform="capitalize"),
                            spacing="1"),
                        rx.spacer(),
                        rx.cond(S.spot_busy, rx.spinner(size="2")),
                        align="center", spacing="3", width="100%"),
                    rx.text("Safety score 0–100 (100 safest) within 500 m, now. ",
                            S.spot["nearby"], " incidents within 500 m.", size="1",
                            color_scheme="gray"),
                    rx.vstack(rx.foreach(S.spot_factors, _factor), spacing="2",
                              id="spot-factors"),
                    rx.separator(size="4"),
                    rx.hstack(_label("Time of day (1 km)"), rx.spacer(),
                              rx.text(S.spot["count"], " incidents", size="1",
                                      color_scheme="gray"), width="100%"),
                    _hours_chart(),
                    rx.text("Busiest ", S.spot["peak"], " · quietest ", S.spot["safest"],
                            size="1"),
                    rx.text(S.spot["comparison"], size="1", color_scheme="gray"),
                    rx.text(S.spot["prediction"], size="1", color_scheme="gray"),
                    rx.text(S.spot["summary"], size="1", id="spot-summary"),
                    spacing="2", width="100%", id="spot-panel"),
                rx.cond(
                    S.spot_busy, rx.hstack(rx.spinner(size="2"), rx.text("Scoring…", size="2")),
                    rx.text(rx.cond(S.mode == "route",
                                    "Route mode: clicks on the map add route points.",
                                    "Click the map for the safety score and analytics of that "
                                    "spot."), size="2", color_scheme="gray", id="spot-hint")),
            ),
            rx.cond(S.spot_error != "", rx.text(S.spot_error, color_scheme="red", size="1")),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _route_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(_label("Route"), rx.spacer(),
                      rx.text(S.route_points.length(), " points", size="1", color_scheme="gray"),
                      width="100%"),
            # A form, so "Analyse" reads what is in the box at that moment.
            rx.form(
                rx.vstack(
                    rx.text("One point per line as ", rx.text.strong("latitude, longitude"),
                            " — the order a phone map copies (6.5244, 3.3792). GeoJSON "
                            "[longitude, latitude] pairs or a LineString also work.",
                            size="1", color_scheme="gray", id="route-order"),
                    rx.text_area(name="route", value=S.route_text,
                                 on_change=S.set_route_text.debounce(300),
                                 placeholder="6.5244, 3.3792\n6.5300, 3.3900",
                                 rows="3", width="100%", id="route-input",
                                 font_family="monospace", size="1"),
                    rx.cond(S.route_hint != "",
                            rx.text(S.route_hint, size="1", color_scheme="gray",
                                    id="route-hint")),
                    rx.hstack(
                        rx.button("Analyse route", size="1", type="submit",
                                  loading=S.route_busy, id="route-analyse"),
                        rx.button("Clear", size="1", variant="soft", color_scheme="gray",
                                  type="button", on_click=S.clear_route, id="route-clear"),
                        spacing="2"),
                    spacing="2", width="100%"),
                on_submit=S.analyse_route, reset_on_submit=False, width="100%"),
            rx.cond(S.route_error != "",
                    rx.text(S.route_error, color_scheme="red", size="1", id="route-error")),
            rx.cond(
                S.route_flagged,
                rx.callout(S.route["warning"], icon="triangle-alert", color_scheme="amber",
                           size="1", id="route-warning"),
            ),
            rx.cond(
                S.has_route & ~S.route_flagged,
                rx.vstack(
                    rx.hstack(
                        rx.text(S.route["score"], size="6", weight="bold", id="route-score",
                                color=S.route["color"]),
                        rx.badge("Grade ", S.route["grade"], variant="solid", color_scheme="gray"),
                        rx.text(S.route["level"], size="2", text_transform="capitalize"),
                        rx.spacer(),
                        rx.text(S.route["distance"], size="2", color_scheme="gray"),
                        align="center", spacing="2", width="100%"),
                    rx.text("Hot spots crossed: ", S.route["hotspots"],
                            " · safe zones along the way: ", S.route["safe_zones"], size="1",
                            color_scheme="gray"),
                    rx.unordered_list(rx.foreach(
                        S.route_advice, lambda a: rx.list_item(rx.text(a, size="1"))),
                        id="route-advice", margin_left="16px"),
                    spacing="2", width="100%"),
            ),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _zone_row(z: dict) -> rx.Component:
    return rx.hstack(
        rx.box(width="10px", height="10px", border_radius="50%", border=f"2px dashed {z['color']}",
               flex_shrink="0"),
        rx.vstack(
            rx.text(z["name"], size="1", weight="bold", truncate=True, class_name="zone-name",
                    width="100%"),
            rx.text(z["level"], " · ", z["incidents"], " incidents · ", z["categories"], size="1",
                    color_scheme="gray", truncate=True, width="100%"),
            spacing="0", flex="1", min_width="0"),
        rx.badge(z["score"], variant="soft", color_scheme="red", size="1"),
        align="center", spacing="2", width="100%", cursor="pointer", class_name="zone-row",
        on_click=S.show_zone(z["id"]), padding_y="2px", title="Show this zone on the map",
    )


def _zones_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(_label("Danger zones in view"), rx.spacer(),
                      rx.text(S.zones.length(), size="1", color_scheme="gray", id="zone-count"),
                      width="100%"),
            rx.cond(S.zones.length() > 0,
                    rx.vstack(rx.foreach(S.zones[:8], _zone_row), spacing="1", width="100%",
                              id="zone-list"),
                    rx.text("No danger zone in this view.", size="1", color_scheme="gray")),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def threat_body() -> rx.Component:
    return rx.vstack(
        _toolbar(),
        rx.hstack(
            rx.box(_map(), flex="1", min_width="0"),
            rx.scroll_area(
                rx.vstack(_spot_panel(), _route_panel(), _zones_panel(), spacing="3",
                          width="100%", padding_right="10px"),
                width=PANEL_WIDTH, height=MAP_HEIGHT, type="auto", scrollbars="vertical"),
            spacing="3", width="100%", align="start",
        ),
        spacing="3", width="100%", padding="12px 16px",
    )


PAGE = Page(route="/threat", title="Threat map", body=threat_body, allowed=can_see_threat_map,
            on_load=ThreatState.load)
