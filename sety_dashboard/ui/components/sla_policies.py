"""SLA policies section: one row per severity, three deadlines, Save."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.badges import severity_badge
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.state.sla_admin import SEVERITY_ORDER, SlaState

S = SlaState
STAGES = (("acknowledge", "Acknowledge within"), ("dispatch", "Dispatch within"),
          ("resolve", "Resolve within"))


def _row(severity: str) -> rx.Component:
    policy = S.policies[severity]
    return rx.form(
        rx.hstack(
            rx.box(severity_badge(severity), width="96px"),
            rx.el.input(type="hidden", name="severity", value=severity),
            *[rx.input(name=stage, default_value=policy[stage], width="140px",
                       id=f"sla-{severity}-{stage}", key=f"{stage}-{S.version}",
                       title="e.g. 15 s, 5 min, 4 h, 1 h 30 min, 3 d")
              for stage, _ in STAGES],
            rx.button("Save", type="submit", size="2", variant="soft", id=f"sla-{severity}-save"),
            rx.text(rx.cond(policy["updated"] != "",
                            rx.fragment("Changed ", clock_time(policy["updated"])),
                            "Default, never changed"),
                    size="1", color_scheme="gray", id=f"sla-{severity}-updated"),
            align="center", spacing="3", wrap="wrap"),
        rx.cond((S.error_for == severity) & (S.error != ""),
                rx.text(S.error, color_scheme="red", size="2", id=f"sla-{severity}-error")),
        on_submit=S.save, reset_on_submit=False, width="100%",
    )


def sla_section() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.icon("timer", size=18), rx.heading("SLA policies", size="4"),
                  align="center", spacing="2"),
        rx.callout(
            "Changes apply to incidents created from now on. Open incidents keep the deadlines "
            "they were given when they came in.",
            icon="info", color_scheme="blue", size="1", id="sla-new-only"),
        rx.cond(
            S.loaded,
            rx.vstack(
                rx.hstack(rx.box(rx.text("Severity", size="1", weight="bold"), width="96px"),
                          *[rx.text(label, size="1", weight="bold", width="140px")
                            for _, label in STAGES],
                          spacing="3"),
                *[_row(sev) for sev in SEVERITY_ORDER],
                rx.text("Write durations as 15 s, 5 min, 4 h or 1 h 30 min. Each stage must be "
                        "due no earlier than the one before it; at most 30 days.",
                        size="1", color_scheme="gray"),
                spacing="2", width="100%"),
            loading_panel("Loading SLA policies…"),
        ),
        spacing="3", width="100%", id="sla-section",
    )
