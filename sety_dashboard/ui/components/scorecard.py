"""The Scorecard tab of a closed incident (state: `ui/state/scorecard.py`).

`scorecard_tabs(details, closed)` is the incident page's one hook: while the
incident is open it shows the details as before; once it is resolved or
cancelled a "Details | Scorecard" tab bar appears above them. The stage
table and result badges are shared with the drills page.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.state.scorecard import ScorecardState
from sety_dashboard.ui.viewmodels.scorecard_rows import StageRow

S = ScorecardState


def result_badge(row: StageRow, **props) -> rx.Component:
    """Met / Missed / Not reached, in words and colour."""
    return rx.badge(row.result, color_scheme=rx.match(row.tone, ("green", "green"),
                                                      ("red", "red"), "gray"),
                    variant="soft", size="1", **props)


def _cell(text: rx.Var | str, **props) -> rx.Component:
    return rx.table.cell(rx.text(text, size="2"), **props)


def stage_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(
            *[rx.table.column_header_cell(h) for h in ("Stage", "Target", "Took", "Result")])),
        rx.table.body(rx.foreach(S.card.stages, lambda r: rx.table.row(
            _cell(r.label, font_weight="500"), _cell(r.target),
            _cell(r.took, font_variant_numeric="tabular-nums"),
            rx.table.cell(result_badge(r)),
            class_name="scorecard-stage", data_stage=r.stage))),
        variant="surface", size="1", width="100%", id="scorecard-stages",
    )


def _fact(icon: str, text: rx.Var | str, id_: str) -> rx.Component:
    return rx.hstack(rx.icon(icon, size=15, color="var(--gray-10)"),
                     rx.text(text, size="2", id=id_), align="center", spacing="2")


def scorecard_panel() -> rx.Component:
    card = S.card
    return rx.cond(
        S.card_loaded,
        rx.card(rx.vstack(
            rx.hstack(
                rx.heading(card.headline, size="4", id="scorecard-headline"),
                rx.spacer(),
                rx.button(rx.icon("printer", size=14), "Print", variant="soft",
                          color_scheme="gray", size="2", class_name="sety-no-print",
                          on_click=rx.call_script("window.print()"), id="scorecard-print"),
                align="center", width="100%"),
            rx.text("Measured from the moment it was raised, against the SLA it was "
                    "created with.", size="1", color_scheme="gray"),
            stage_table(),
            rx.cond(card.has_muster,
                    rx.vstack(
                        rx.text("Muster", size="2", weight="bold"),
                        _fact("users", card.muster_line, "scorecard-muster"),
                        rx.badge(card.muster_done, variant="soft", size="2",
                                 color_scheme=rx.match(card.muster_tone, ("green", "green"),
                                                       ("red", "red"), "gray"),
                                 id="scorecard-muster-done"),
                        spacing="2"),
                    rx.text("No site: no muster was taken.", size="2", color_scheme="gray")),
            rx.hstack(_fact("message-square", card.notes, "scorecard-notes"),
                      _fact("truck", card.responders, "scorecard-responders"), spacing="5"),
            spacing="3", width="100%"),
            width="100%", id="scorecard"),
        rx.skeleton(rx.box(height="220px", width="100%")),
    )


def scorecard_tabs(details: rx.Component, closed: rx.Var[bool]) -> rx.Component:
    return rx.tabs.root(
        rx.cond(closed, rx.tabs.list(
            rx.tabs.trigger("Details", value="details", id="tab-details"),
            rx.tabs.trigger(rx.hstack(rx.icon("clipboard-check", size=14), "Scorecard",
                                      align="center", spacing="1"),
                            value="scorecard", id="tab-scorecard"),
            class_name="sety-no-print", margin_bottom="12px")),
        rx.tabs.content(details, value="details"),
        rx.tabs.content(scorecard_panel(), value="scorecard"),
        value=rx.cond(closed, S.tab, "details"), on_change=S.set_tab,
        on_mount=S.reset_tab, width="100%",
    )
