"""The dispatch board's "Start drill" button and its dialog (supervisors and
admins only; the state refuses everyone else on the server)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.incidents.schemas import CATEGORIES
from sety_dashboard.ui.components.badges import CATEGORY_LABELS
from sety_dashboard.ui.state.drill import CUSTOM, SITE_NAMES, DrillState

S = DrillState


def _field(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", weight="medium", color_scheme="gray"), control,
                     spacing="1", width="100%")


def _select(value: rx.Var, on_change, options: list[tuple[str, str]], id_: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", id=id_),
        rx.select.content(*[rx.select.item(label, value=v) for v, label in options]),
        value=value, on_change=on_change, size="2",
    )


def _custom_location() -> rx.Component:
    return rx.cond(
        S.custom_location,
        rx.vstack(
            rx.hstack(
                _field("Latitude", rx.input(name="lat", id="drill-lat", placeholder="6.4281",
                                            width="100%", inputmode="decimal")),
                _field("Longitude", rx.input(name="lng", id="drill-lng", placeholder="3.4219",
                                             width="100%", inputmode="decimal")),
                spacing="2", width="100%"),
            _field("Address or landmark (optional)",
                   rx.input(name="address", id="drill-address", width="100%", max_length=500)),
            spacing="2", width="100%"),
    )


def drill_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Start a drill"),
            rx.dialog.description(
                "Creates a practice incident marked DRILL on every board. It runs the full "
                "lifecycle and is left out of analytics.", size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    rx.hstack(
                        _field("Category", _select(
                            S.category, S.set_category,
                            [(c, CATEGORY_LABELS[c]) for c in CATEGORIES], "drill-category")),
                        _field("Site", _select(
                            S.site, S.set_site,
                            [(s, s) for s in SITE_NAMES] + [(CUSTOM, "Other — type coordinates")],
                            "drill-site")),
                        spacing="2", width="100%"),
                    _custom_location(),
                    _field("Exercise name", rx.input(
                        name="title", id="drill-title", width="100%", max_length=180,
                        placeholder="e.g. Warehouse fire evacuation")),
                    _field("Subject (who plays the caller)", rx.input(
                        name="subject_name", id="drill-subject", width="100%", max_length=200,
                        placeholder="Drill participant")),
                    _field("Notes for the room (optional)", rx.text_area(
                        name="description", id="drill-description", width="100%", rows="2",
                        max_length=5000)),
                    rx.cond(S.error != "", rx.text(S.error, color_scheme="red", size="2",
                                                   id="drill-error")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", type="button", variant="soft",
                                                  color_scheme="gray")),
                        rx.button(rx.icon("play", size=14), "Start drill", type="submit",
                                  color_scheme="violet", loading=S.busy, id="drill-submit"),
                        justify="end", spacing="2", width="100%"),
                    spacing="3"),
                on_submit=S.submit, reset_on_submit=False),
            max_width="520px"),
        open=S.dialog_open, on_open_change=S.set_open,
    )


def drill_button() -> rx.Component:
    """The button and its dialog; nothing at all for roles that may not start drills."""
    return rx.cond(
        S.can_start_drill,
        rx.fragment(
            rx.button(rx.icon("flask-conical", size=16), "Start drill", variant="soft",
                      color_scheme="violet", on_click=S.open_dialog, id="start-drill"),
            drill_dialog(),
        ),
    )
