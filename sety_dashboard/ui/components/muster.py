"""The roll call: who is on site during an SOS or fire, with a big
**Mark safe** button per person (state: `ui/state/muster.py`).

Built for an evacuation: missing people first, the count in words
("3 of 12 safe, 9 missing"), a done state nobody can misread (green
"Safe ✓ 14:02 by Funmi"), DRILL on every drill, and each roll call can
be folded so it never buries the check-in form. CSV and a printable page
are one click away for the fire marshal.

- `incident_muster_panel()` goes on the incident page (one line there). It
  loads itself once the page is hydrated, and again after every reconnect
  or navigation (the hydration flag drops and comes back, remounting it),
  so its live topics are always re-added after the page's own.
- `muster_cards(tz)` is the roll calls alone, for the visitor board, whose
  state loads them.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.state.muster import MusterState
from sety_dashboard.ui.viewmodels.muster_cards import MusterCard, MusterPerson

S = MusterState


def _time(value: rx.Var[str], tz: rx.Var[str] | str | None, **props) -> rx.Component:
    """The one clock format, in `tz` (the signed-in page's SETY_TIMEZONE when None)."""
    return clock_time(value, tz=tz, **props)


def _safe_badge(person: MusterPerson, tz: rx.Var[str] | str | None) -> rx.Component:
    return rx.hstack(
        rx.icon("circle-check", size=18),
        rx.text("Safe ✓ ", as_="span", weight="bold", size="3"),
        _time(person.accounted_at, tz, size="3", weight="bold"),
        rx.text(" by ", person.accounted_by, as_="span", size="2"),
        align="center", spacing="1", padding="8px 12px", border_radius="var(--radius-3)",
        background="var(--green-9)", color="white", class_name="muster-accounted",
        flex_wrap="wrap",
    )


def _person(card: MusterCard, person: MusterPerson, tz: rx.Var[str] | str | None) -> rx.Component:
    key = card.incident_id + ":" + person.log_id
    return rx.flex(
        rx.vstack(
            rx.text(person.name, size="3", weight="bold", class_name="muster-name",
                    style={"overflow_wrap": "anywhere"}),
            rx.text(
                rx.cond(person.host != "", "Host " + person.host, "No host"),
                rx.cond(person.phone != "", " · " + person.phone, ""),
                size="1", color_scheme="gray", style={"overflow_wrap": "anywhere"}),
            rx.cond(
                person.inside,
                rx.text("Checked in", size="1", color_scheme="gray"),
                rx.hstack(rx.text("Left at", size="1", color_scheme="amber"),
                          _time(person.check_out_at, tz, size="1", color_scheme="amber"),
                          spacing="1"),
            ),
            spacing="0", min_width="0", flex="1 1 160px",
        ),
        rx.cond(
            person.accounted,
            _safe_badge(person, tz),
            rx.cond(
                card.is_open,
                rx.button(rx.icon("shield-check", size=20), "Mark safe", size="4",
                          color_scheme="green", variant="solid", min_height="52px",
                          loading=S.busy_key == key,
                          on_click=S.mark(card.incident_id, person.log_id),
                          class_name="muster-mark"),
                rx.badge("Missing", color_scheme="red", variant="solid", size="3"),
            ),
        ),
        align="center", gap="12px", width="100%", padding="10px 12px", wrap="wrap",
        border=rx.cond(person.accounted, "2px solid var(--green-9)", "2px solid var(--red-7)"),
        border_radius="var(--radius-3)",
        background=rx.cond(person.accounted, "var(--green-a3)", "var(--color-panel-solid)"),
        class_name="muster-person", data_log_id=person.log_id,
        data_accounted=rx.cond(person.accounted, "yes", "no"),
    )


def _count(card: MusterCard) -> rx.Component:
    done = card.missing == 0
    return rx.text(
        card.accounted.to_string() + " of " + card.count.to_string() + " safe",
        rx.cond(card.missing > 0, ", " + card.missing.to_string() + " missing", ""),
        size="4", weight="bold", color=rx.cond(done, "var(--green-11)", "var(--red-11)"),
        class_name="muster-progress", white_space="nowrap",
    )


def _header(card: MusterCard, tz: rx.Var[str] | str | None) -> rx.Component:
    folded = S.collapsed.contains(card.incident_id)
    return rx.flex(
        rx.hstack(
            rx.box(rx.cond(card.kind == "Fire", rx.icon("flame", size=22),
                           rx.icon("siren", size=22)),
                   color=rx.cond(card.is_drill, "var(--violet-9)", "var(--red-9)"),
                   class_name=rx.cond(card.missing == 0, "", "sety-pulse")),
            rx.text(card.kind.upper(), rx.cond(card.is_drill, " DRILL", ""), " — ROLL CALL",
                    weight="bold", size="4",
                    color=rx.cond(card.is_drill, "var(--violet-11)", "var(--red-11)"),
                    class_name="muster-title"),
            rx.cond(card.is_drill, rx.badge("DRILL", color_scheme="violet", variant="solid",
                                            size="2", class_name="muster-drill")),
            rx.cond(~card.is_open, rx.badge("Closed", color_scheme="gray", size="2")),
            align="center", spacing="2", wrap="wrap",
        ),
        rx.hstack(
            rx.text(rx.cond(card.site != "", card.site, "(no site)"), size="2", weight="bold"),
            rx.text("since", size="2", color_scheme="gray"),
            _time(card.started_at, tz, size="2"),
            spacing="1", align="baseline",
        ),
        rx.spacer(),
        _count(card),
        rx.hstack(
            rx.button(rx.icon("download", size=14), "CSV", size="2", variant="soft",
                      color_scheme="gray", on_click=S.export_csv(card.incident_id),
                      class_name="muster-csv"),
            rx.link(rx.button(rx.icon("printer", size=14), "Print", size="2", variant="soft",
                              color_scheme="gray", as_="span"),
                    href="/rollcall/" + card.incident_id, is_external=True,
                    class_name="muster-print"),
            rx.button(rx.cond(folded, rx.icon("chevron-down", size=16),
                              rx.icon("chevron-up", size=16)),
                      rx.cond(folded, "Show", "Hide"), size="2", variant="soft",
                      color_scheme="gray", on_click=S.toggle(card.incident_id),
                      class_name="muster-toggle", aria_expanded=rx.cond(folded, "false", "true")),
            spacing="2",
        ),
        align="center", gap="8px 12px", width="100%", wrap="wrap",
    )


def _card(card: MusterCard, tz: rx.Var[str] | str | None) -> rx.Component:
    folded = S.collapsed.contains(card.incident_id)
    return rx.card(
        rx.vstack(
            _header(card, tz),
            rx.cond(
                folded,
                rx.fragment(),
                rx.cond(
                    card.count > 0,
                    rx.grid(rx.foreach(card.people, lambda p: _person(card, p, tz)),
                            columns=rx.breakpoints(initial="1", md="2"), spacing="2",
                            width="100%", max_height="420px", overflow_y="auto",
                            class_name="muster-people"),
                    rx.text("Nobody was checked in at this site.", size="2",
                            color_scheme="gray"),
                ),
            ),
            spacing="3", width="100%",
        ),
        width="100%", class_name="muster-card", data_incident_id=card.incident_id,
        data_drill=rx.cond(card.is_drill, "yes", "no"),
        style={"border": rx.cond(card.is_drill, "2px dashed var(--violet-8)",
                                 "2px solid var(--red-8)"),
               "background": rx.cond(card.is_drill, "var(--violet-a2)", "var(--red-a2)")},
    )


def muster_cards(tz: rx.Var[str] | str | None = None) -> rx.Component:
    return rx.vstack(rx.foreach(S.musters, lambda c: _card(c, tz)), spacing="3", width="100%",
                     id="muster-panel")


def incident_muster_panel() -> rx.Component:
    """For the incident page: shown for SOS and fire incidents only."""
    return rx.cond(
        rx.State.is_hydrated,
        rx.box(muster_cards(), on_mount=S.load_for_incident, width="100%"),
    )
