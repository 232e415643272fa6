"""The board's units panel: backup calls (with the chime), every active
assignment with its step and whether the unit accepted (flagged once
SETY_ACCEPT_TIMEOUT_S passed), and the units' map markers (`unit_markers`,
joined to the board's own markers)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.accept_flag import accept_flag
from sety_dashboard.ui.components.alerts import ALERT_SOUND_URL, alert_sound
from sety_dashboard.ui.state.alerts import AlertState
from sety_dashboard.ui.state.unit_board import UnitBoardState
from sety_dashboard.ui.viewmodels.unit_rows import UnitRow

U = UnitBoardState
ONE_LINE = {"white_space": "nowrap", "overflow": "hidden", "text_overflow": "ellipsis",
            "min_width": "0"}


def _backup(u: UnitRow) -> rx.Component:
    return rx.hstack(
        rx.icon("siren", size=18, class_name="sety-pulse"),
        rx.vstack(
            rx.text("BACKUP: ", u.responder_name, weight="bold", size="2", style=ONE_LINE),
            rx.link(u.incident_title, href="/incidents/" + u.incident_id, size="1",
                    style=ONE_LINE),
            spacing="0", min_width="0", flex="1"),
        rx.button("Dismiss", size="1", variant="soft", color_scheme="gray",
                  on_click=U.dismiss_backup(u.assignment_id + "@" + u.backup_at)),
        align="center", spacing="2", width="100%", padding="8px",
        background="var(--red-a4)", color="var(--red-11)", border="1px solid var(--red-a7)",
        border_radius="var(--radius-3)", class_name="unit-backup-alert",
    )


def _unit(u: UnitRow) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(u.responder_name, size="2", weight="medium", style=ONE_LINE),
            rx.link(u.incident_title, href="/incidents/" + u.incident_id, size="1",
                    color_scheme="gray", style=ONE_LINE),
            spacing="0", min_width="0", flex="1"),
        rx.vstack(
            rx.badge(u.status_label, size="1", variant="soft", color_scheme="cyan",
                     class_name="unit-step"),
            accept_flag(accepted=u.accepted, due_at=u.accept_due_at),
            spacing="1", align="end"),
        align="center", spacing="2", width="100%", padding_y="4px",
        border_bottom="1px solid var(--gray-a4)",
        class_name="unit-row", id="unit-row-" + u.assignment_id, data_status=u.status,
    )


def units_panel() -> rx.Component:
    return rx.card(
        alert_sound(seq=U.backup_seq, src=ALERT_SOUND_URL, muted=AlertState.muted == "1",
                    id="backup-sound"),
        rx.vstack(
            rx.foreach(U.backup_alerts, _backup),
            rx.hstack(rx.text("Units out", size="1", weight="bold", color_scheme="gray",
                              text_transform="uppercase"),
                      rx.spacer(), rx.text(U.units.length(), size="1", color_scheme="gray"),
                      width="100%"),
            rx.cond(U.units.length() > 0,
                    rx.vstack(rx.foreach(U.units, _unit), spacing="0", width="100%",
                              max_height="260px", overflow_y="auto"),
                    rx.text("No unit assigned to an open incident.", size="1",
                            color_scheme="gray")),
            rx.text("Blue dots on the map are units (hollow: position older than 5 min).",
                    size="1", color_scheme="gray"),
            spacing="2", width="100%"),
        width="100%", id="units-panel", on_mount=U.load,
    )


def unit_markers() -> rx.Var:
    return U.unit_markers
