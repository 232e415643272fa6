"""Admin › Safe zones section: create form and list."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.admin_users import labelled
from sety_dashboard.ui.state.admin_zones import SafeZonesState, ZoneRow

S = SafeZonesState
KIND_LABELS = {"police": "Police", "hospital": "Hospital", "fire_station": "Fire station",
               "security_post": "Security post", "safe_haven": "Safe haven"}


def _create_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.hstack(
                labelled("Name", rx.input(
                    name="name", placeholder="e.g. Ikeja Police Division", required=True,
                    width="100%", id="zone-name", max_length=200), "zone-name", "280px"),
                labelled("Kind", rx.select.root(
                    rx.select.trigger(width="100%", id="zone-kind"),
                    rx.select.content(*[rx.select.item(label, value=k)
                                        for k, label in KIND_LABELS.items()]),
                    value=S.new_kind, on_change=S.set_field("new_kind"), size="2"), "zone-kind", "150px"),
                labelled("Latitude", rx.input(name="lat", placeholder="6.6018", required=True,
                                              width="100%", id="zone-lat", inputmode="decimal"),
                         "zone-lat", "120px"),
                labelled("Longitude", rx.input(name="lng", placeholder="3.3515", required=True,
                                               width="100%", id="zone-lng", inputmode="decimal"),
                         "zone-lng", "120px"),
                spacing="2", align="end", wrap="wrap"),
            rx.hstack(
                labelled("Address (optional)", rx.input(
                    name="address", width="100%", id="zone-address", max_length=500),
                    "zone-address", "320px"),
                labelled("Phone (optional)", rx.input(
                    name="phone", width="100%", id="zone-phone", type="tel"),
                    "zone-phone", "160px"),
                rx.el.label(
                    rx.hstack(rx.switch(checked=S.new_open_24h, on_change=S.set_new_open_24h),
                              rx.text("Open day and night", size="2"), align="center",
                              spacing="2"),
                    id="zone-open-24h", cursor="pointer"),
                rx.button(rx.icon("plus", size=14), "Add safe zone", type="submit",
                          loading=S.busy, id="zone-create"),
                spacing="2", align="end", wrap="wrap"),
            rx.cond(S.form_error != "",
                    rx.text(S.form_error, color_scheme="red", size="2", id="zone-form-error")),
            spacing="2", width="100%"),
        on_submit=S.create, reset_on_submit=False, width="100%",
    )


def _row(row: ZoneRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.name, size="2", weight="medium")),
        rx.table.cell(rx.badge(rx.match(row.kind, *KIND_LABELS.items(), row.kind),
                               variant="soft", color_scheme="blue")),
        rx.table.cell(rx.text(row.place, size="1", truncate=True, title=row.place)),
        rx.table.cell(rx.text(rx.cond(row.open_24h, "24 h", "Daytime"), size="1")),
        rx.table.cell(rx.text(rx.cond(row.phone != "", row.phone, "—"), size="1")),
        id="zone-" + row.safe_zone_id,
    )


def zones_section() -> rx.Component:
    return rx.vstack(
        rx.text("Places a person in danger can go: shown on the threat map, counted in safety "
                "scores, listed along routes. Zones not open day and night count as open "
                "08:00–20:00 site time.", size="2", color_scheme="gray"),
        _create_form(),
        rx.table.root(
            rx.table.header(rx.table.row(
                rx.table.column_header_cell("Name"),
                rx.table.column_header_cell("Kind", width="140px"),
                rx.table.column_header_cell("Address / coordinates"),
                rx.table.column_header_cell("Open", width="80px"),
                rx.table.column_header_cell("Phone", width="150px"))),
            rx.table.body(rx.foreach(S.zones, _row)),
            size="1", variant="surface", width="100%", id="zones-table",
            style={"table_layout": "fixed"}),
        rx.cond(S.total > S.zones.length(),
                rx.text(S.zones.length(), " of ", S.total, " shown.", size="1",
                        color_scheme="gray")),
        spacing="3", width="100%", id="zones-section",
    )
