"""The "Start drill" button and its two-step dialog (supervisors and admins
only; the state refuses everyone else on the server): a template, a place
and a time, then a confirmation naming the place and who will be alerted."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.state.dialog_targets import DRILL_OPEN
from sety_dashboard.ui.state.drill import CUSTOM, TEMPLATE_CHOICES, DrillState

S = DrillState


def _field(label: str, control: rx.Component, for_id: str = "") -> rx.Component:
    return rx.vstack(rx.el.label(rx.text(label, size="1", weight="medium", color_scheme="gray"),
                                 html_for=for_id),
                     control, spacing="1", width="100%")


def _custom_location() -> rx.Component:
    return rx.cond(
        S.custom_location,
        rx.vstack(
            _field("Site name (optional; a named site gets a muster list)",
                   rx.input(name="site_name", id="drill-site-name", width="100%",
                            max_length=200), "drill-site-name"),
            rx.hstack(
                _field("Latitude", rx.input(name="lat", id="drill-lat", placeholder="6.4281",
                                            width="100%", inputmode="decimal"), "drill-lat"),
                _field("Longitude", rx.input(name="lng", id="drill-lng", placeholder="3.4219",
                                             width="100%", inputmode="decimal"), "drill-lng"),
                spacing="2", width="100%"),
            _field("Address or landmark (optional)",
                   rx.input(name="address", id="drill-address", width="100%", max_length=500),
                   "drill-address"),
            spacing="2", width="100%"),
    )


def _form_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            _field("Drill", rx.radio_group.root(
                rx.hstack(*[rx.radio_group.item(label, value=key) for key, label
                            in TEMPLATE_CHOICES], spacing="3", wrap="wrap"),
                value=S.template_key, on_change=S.set_template_key, id="drill-template")),
            _field("Where", rx.select.root(
                rx.select.trigger(width="100%", id="drill-site"),
                rx.select.content(
                    rx.foreach(S.sites, lambda s: rx.select.item(s, value=s)),
                    rx.select.item("Another place — type it", value=CUSTOM)),
                value=S.site, on_change=S.set_field("site"), size="2"), "drill-site"),
            _custom_location(),
            _field("When", rx.radio_group.root(
                rx.hstack(rx.radio_group.item("Now", value="now"),
                          rx.radio_group.item("At a planned time", value="later"), spacing="3"),
                value=S.when, on_change=S.set_when, id="drill-when")),
            rx.cond(S.when == "later",
                    _field("Starts at (site time)", rx.input(
                        type="datetime-local", name="starts_at", id="drill-starts-at",
                        step="1", width="100%"), "drill-starts-at")),
            _field("Exercise name (optional)", rx.input(
                name="title", id="drill-title", width="100%", max_length=180,
                placeholder="Named from the template and place"), "drill-title"),
            _field("Notes for the room (optional)", rx.text_area(
                name="description", id="drill-description", width="100%", rows="2",
                max_length=5000), "drill-description"),
            rx.cond(S.error != "", rx.text(S.error, color_scheme="red", size="2",
                                           id="drill-error")),
            rx.hstack(
                rx.dialog.close(rx.button("Cancel", type="button", variant="soft",
                                          color_scheme="gray")),
                rx.button("Review", rx.icon("arrow-right", size=14), type="submit",
                          color_scheme="violet", id="drill-review"),
                justify="end", spacing="2", width="100%"),
            spacing="3"),
        on_submit=S.review, reset_on_submit=False)


def _confirm_step() -> rx.Component:
    return rx.vstack(
        rx.callout(rx.text(rx.text.strong(S.confirm_title)), icon="flask-conical",
                   color_scheme="violet", width="100%", id="drill-confirm-title"),
        rx.hstack(rx.icon("map-pin", size=15), rx.text(S.confirm_place, size="2",
                                                       id="drill-confirm-place"),
                  align="center", spacing="2"),
        rx.hstack(rx.icon("clock", size=15), rx.text(S.confirm_when, size="2",
                                                     id="drill-confirm-when"),
                  align="center", spacing="2"),
        rx.text("Who will be alerted", size="2", weight="bold"),
        rx.unordered_list(rx.foreach(S.confirm_audience, lambda line: rx.list_item(
            rx.text(line, size="2"))), id="drill-audience"),
        rx.cond(S.error != "", rx.text(S.error, color_scheme="red", size="2",
                                       id="drill-error")),
        rx.hstack(
            rx.button(rx.icon("arrow-left", size=14), "Back", variant="soft", color_scheme="gray",
                      on_click=S.back, id="drill-back"),
            rx.button(rx.icon("play", size=14),
                      rx.cond(S.when == "later", "Plan the drill", "Start the drill now"),
                      color_scheme="violet", loading=S.busy, on_click=S.confirm,
                      id="drill-submit"),
            justify="end", spacing="2", width="100%"),
        spacing="3", width="100%")


def drill_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.step == "confirm", "Confirm the drill", "Start a drill")),
            rx.dialog.description(
                "A practice incident marked DRILL. It runs the full lifecycle, is left out of "
                "analytics, and ends with a scorecard.", size="2", color_scheme="gray"),
            # The form stays mounted behind the confirmation, so Back finds
            # what was typed.
            rx.box(_form_step(), display=rx.cond(S.step == "confirm", "none", "block"),
                   padding_top="12px"),
            rx.cond(S.step == "confirm", rx.box(_confirm_step(), padding_top="12px")),
            max_width="560px"),
        # Opens in the browser at the click (no round trip); the server fills
        # in the sites and closes it after a successful start.
        open=DRILL_OPEN.value.to(bool), on_open_change=DRILL_OPEN.set_value(False),
    )


def drill_button(label: str = "Start drill") -> rx.Component:
    """The button and its dialog; nothing at all for roles that may not start drills."""
    return rx.cond(
        S.can_start_drill,
        rx.fragment(
            rx.button(rx.icon("flask-conical", size=16), label, variant="soft",
                      color_scheme="violet", on_click=[DRILL_OPEN.set_value(True), S.open_dialog],
                      id="start-drill"),
            drill_dialog(),
        ),
    )
