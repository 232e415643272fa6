"""The muster panel: who is on site during an SOS or fire, with one button
per person to mark them accounted for (state: `ui/state/muster.py`).

- `incident_muster_panel()` goes on the incident page (one line there). It
  loads itself once the page is hydrated, and again after every reconnect
  or navigation (the hydration flag drops and comes back, remounting it),
  so its live topics are always re-added after the page's own.
- `muster_cards(tz)` is the cards alone, for the visitor board, whose state
  loads them.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.state.muster import MusterCard, MusterPerson, MusterState

S = MusterState


def _time(value: rx.Var[str], tz: rx.Var[str] | str | None, **props) -> rx.Component:
    """HH:mm in the given time zone (the browser's when None)."""
    moment_props = {"tz": tz} if tz is not None else {}
    return rx.text(rx.moment(value, format="HH:mm", **moment_props), as_="span", **props)


def _person(card: MusterCard, person: MusterPerson, tz: rx.Var[str] | str | None) -> rx.Component:
    key = card.incident_id + ":" + person.log_id
    return rx.hstack(
        rx.vstack(
            rx.text(person.name, size="2", weight="bold", truncate=True),
            rx.text(
                rx.cond(person.host != "", "Host " + person.host, "No host"),
                rx.cond(person.phone != "", " · " + person.phone, ""),
                size="1", color_scheme="gray", truncate=True),
            rx.cond(
                person.inside,
                rx.text("Checked in", size="1", color_scheme="gray"),
                rx.hstack(rx.text("Left at", size="1", color_scheme="amber"),
                          _time(person.check_out_at, tz, size="1", color_scheme="amber"), spacing="1"),
            ),
            spacing="0", min_width="0", flex="1",
        ),
        rx.cond(
            person.accounted,
            rx.tooltip(
                rx.badge(rx.icon("check", size=14), "Accounted for", color_scheme="green",
                         variant="soft", size="2", class_name="muster-accounted"),
                content="Marked by " + person.accounted_by,
            ),
            rx.cond(
                card.is_open,
                rx.button(rx.icon("user-check", size=14), "Accounted for", size="2",
                          color_scheme="green", variant="solid",
                          loading=S.busy_key == key,
                          on_click=S.mark(card.incident_id, person.log_id),
                          class_name="muster-mark"),
                rx.badge("Not accounted for", color_scheme="red", variant="soft", size="2"),
            ),
        ),
        align="center", spacing="3", width="100%", padding="8px 10px",
        border="1px solid var(--gray-a5)", border_radius="var(--radius-3)",
        background=rx.cond(person.accounted, "var(--green-a2)", "var(--color-panel-solid)"),
        class_name="muster-person", data_log_id=person.log_id,
        data_accounted=rx.cond(person.accounted, "yes", "no"),
    )


def _card(card: MusterCard, tz: rx.Var[str] | str | None) -> rx.Component:
    done = card.missing == 0
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.box(rx.cond(card.kind == "Fire", rx.icon("flame", size=22),
                               rx.icon("siren", size=22)),
                       color="var(--red-9)", class_name=rx.cond(done, "", "sety-pulse")),
                rx.text(card.kind.upper() + " — MUSTER", weight="bold", size="4",
                        color="var(--red-11)"),
                rx.text(rx.cond(card.site != "", "at " + card.site, "(no site)"), size="4",
                        weight="bold"),
                rx.cond(card.is_drill, rx.badge("DRILL", color_scheme="violet",
                                                variant="outline", size="2")),
                rx.cond(~card.is_open, rx.badge("Closed", color_scheme="gray", size="2")),
                rx.hstack(rx.text("since", size="2", color_scheme="gray"),
                          _time(card.started_at, tz, size="2"),
                          spacing="1", align="baseline"),
                rx.spacer(),
                rx.text(card.accounted.to_string() + " of " + card.count.to_string()
                        + " accounted for", size="4", weight="bold",
                        color=rx.cond(done, "var(--green-11)", "var(--red-11)"),
                        class_name="muster-progress"),
                align="center", spacing="3", width="100%", wrap="wrap",
            ),
            rx.cond(
                card.count > 0,
                rx.grid(rx.foreach(card.people, lambda p: _person(card, p, tz)),
                        columns=rx.breakpoints(initial="1", sm="2", lg="3"), spacing="2",
                        width="100%"),
                rx.text("No visitors were checked in at this site.", size="2",
                        color_scheme="gray"),
            ),
            spacing="3", width="100%",
        ),
        width="100%", class_name="muster-card", data_incident_id=card.incident_id,
        style={"border": "2px solid var(--red-8)", "background": "var(--red-a2)"},
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
