"""Admin › Safe zones section: create form and list."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.admin_parts import (
    create_form,
    labelled,
    section_table,
    text_field,
)
from sety_dashboard.ui.state.admin_zones import SafeZonesState
from sety_dashboard.ui.viewmodels.admin_rows import ZoneRow

S = SafeZonesState
KIND_LABELS = {"police": "Police", "hospital": "Hospital", "fire_station": "Fire station",
               "security_post": "Security post", "safe_haven": "Safe haven"}


def _create_form() -> rx.Component:
    return create_form(
        rx.hstack(
            text_field("Name", "name", "zone-name", "280px",
                       placeholder="e.g. Ikeja Police Division", required=True, max_length=200),
            labelled("Kind", rx.select.root(
                rx.select.trigger(width="100%", id="zone-kind"),
                rx.select.content(*[rx.select.item(label, value=k)
                                    for k, label in KIND_LABELS.items()]),
                value=S.new_kind, on_change=S.set_field("new_kind"), size="2"), "zone-kind", "150px"),
            text_field("Latitude", "lat", "zone-lat", "120px", placeholder="6.6018",
                       required=True, inputmode="decimal"),
            text_field("Longitude", "lng", "zone-lng", "120px", placeholder="3.3515",
                       required=True, inputmode="decimal"),
            spacing="2", align="end", wrap="wrap"),
        rx.hstack(
            text_field("Address (optional)", "address", "zone-address", "320px",
                       max_length=500),
            text_field("Phone (optional)", "phone", "zone-phone", "160px", type="tel"),
            rx.el.label(
                rx.hstack(rx.switch(checked=S.new_open_24h, on_change=S.set_new_open_24h),
                          rx.text("Open day and night", size="2"), align="center",
                          spacing="2"),
                id="zone-open-24h", cursor="pointer"),
            rx.button(rx.icon("plus", size=14), "Add safe zone", type="submit",
                      loading=S.busy, id="zone-create"),
            spacing="2", align="end", wrap="wrap"),
        on_submit=S.create, error=S.form_error, error_id="zone-form-error",
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
        section_table([("Name", None), ("Kind", "140px"), ("Address / coordinates", None),
                       ("Open", "80px"), ("Phone", "150px")], S.zones, _row, "zones-table",
                      fixed=True),
        rx.cond(S.total > S.zones.length(),
                rx.text(S.zones.length(), " of ", S.total, " shown.", size="1",
                        color_scheme="gray")),
        spacing="3", width="100%", id="zones-section",
    )
