"""The responder page (`/me`): the unit's current assignment on a phone.

Mobile first (390 px wide): the assignment at the top with one big button
for the next step (Accept → En route → On scene → Release), the person to
call, where to go (the phone's maps app via `geo:`, or OpenStreetMap), the
dispatcher's notes and the SLA stage; then Add note / Need backup, and the
location-sharing switch. Its own slim frame (not the control-room top bar):
the connection state stays visible, nothing is wider than the phone.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import is_responder
from sety_dashboard.ui.components.alerts import ALERT_SOUND_URL
from sety_dashboard.ui.components.badges import category_icon, drill_badge, severity_badge
from sety_dashboard.ui.components.sla import sla_countdown
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.components.unit_device import location_share, unit_alert
from sety_dashboard.ui.layout import (
    live_indicator,
    loading_panel,
    not_allowed_panel,
    session_ended_panel,
)
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.unit import UnitState
from sety_dashboard.ui.viewmodels.unit_cards import UnitCard

S = UnitState
BIG = {"size": "4", "width": "100%", "min_height": "56px"}
WRAP = {"overflow_wrap": "anywhere", "min_width": "0"}


def _bar() -> rx.Component:
    return rx.hstack(
        rx.icon("shield-alert", size=20, color="var(--red-9)"),
        rx.text(rx.cond(S.unit_name != "", S.unit_name, AuthState.user_name), weight="bold",
                size="3", truncate=True, min_width="0", id="unit-name"),
        rx.spacer(),
        live_indicator(),
        rx.icon_button(rx.icon("log-out", size=16), on_click=AuthState.sign_out, variant="ghost",
                       color_scheme="gray", size="2", title="Sign out", id="sign-out",
                       aria_label="Sign out"),
        height="48px", padding_x="12px", align="center", spacing="3", width="100%",
        border_bottom="1px solid var(--gray-a5)", background="var(--color-panel-solid)",
        position="sticky", top="0", z_index="10",
    )


def phone_frame(body: rx.Component) -> rx.Component:
    """The guard's three faces, like `layout`, around a phone-sized page."""
    return rx.box(
        rx.cond(
            AuthState.signed_in,
            rx.fragment(_bar(), rx.cond(AuthState.access_denied, not_allowed_panel(), body)),
            rx.cond(AuthState.session_ended, session_ended_panel(),
                    loading_panel("Checking your session…")),
        ),
        min_height="100vh", width="100%", background="var(--color-background)",
    )


def _next_step(c: UnitCard) -> rx.Component:
    """One big button: the next thing this unit does."""
    busy = S.busy != ""
    return rx.cond(
        ~c.accepted,
        rx.button(rx.icon("check", size=22), "Accept", color_scheme="green", **BIG,
                  on_click=S.accept(c.assignment_id), loading=S.busy == c.assignment_id + ":accept",
                  disabled=busy, id="step-accept", class_name="sety-pulse"),
        rx.match(
            c.status,
            ("assigned", rx.button(rx.icon("navigation", size=22), "En route", **BIG,
                                   on_click=S.advance(c.assignment_id, "assigned", "en_route"),
                                   loading=S.busy == c.assignment_id + ":en_route",
                                   disabled=busy, id="step-en-route")),
            ("en_route", rx.button(rx.icon("map-pin", size=22), "On scene", color_scheme="cyan",
                                   **BIG,
                                   on_click=S.advance(c.assignment_id, "en_route", "on_scene"),
                                   loading=S.busy == c.assignment_id + ":on_scene",
                                   disabled=busy, id="step-on-scene")),
            rx.button(rx.icon("circle-check-big", size=22), "Release", color_scheme="gray",
                      variant="surface", **BIG, on_click=S.open_form("release"), disabled=busy,
                      id="step-release"),
        ),
    )


def _small_form(c: UnitCard, name: str, field: str, placeholder: str, submit: str,
                handler, color: str, required: bool) -> rx.Component:
    return rx.cond(
        S.form == name,
        rx.form(
            rx.vstack(
                rx.el.input(type="hidden", name="assignment_id", value=c.assignment_id),
                rx.text_area(name=field, placeholder=placeholder, rows="2", width="100%",
                             max_length=500, required=required, id=f"{name}-text",
                             auto_focus=True),
                rx.button(submit, type="submit", color_scheme=color, width="100%", size="3",
                          loading=S.busy != "", id=f"{name}-submit"),
                spacing="2", width="100%"),
            on_submit=handler, reset_on_submit=True, width="100%"),
    )


def _where(c: UnitCard) -> rx.Component:
    return rx.vstack(
        rx.text(rx.cond(c.address != "", c.address, "No address given"), size="3",
                weight="medium", style=WRAP, id="unit-address"),
        rx.cond(c.landmark != "", rx.text("Landmark: ", c.landmark, size="2", style=WRAP)),
        rx.text(c.distance, size="2", color_scheme="gray", id="unit-distance"),
        rx.hstack(
            rx.link(rx.button(rx.icon("map", size=16), "Maps app", variant="soft",
                              size="3", width="100%"),
                    href=c.geo_href, id="unit-geo", width="50%"),
            rx.link(rx.button("OpenStreetMap",
                              variant="soft", color_scheme="gray", size="3", width="100%"),
                    href=c.osm_href, is_external=True, id="unit-osm", width="50%"),
            spacing="2", width="100%"),
        spacing="1", width="100%",
    )


def _card(c: UnitCard) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(category_icon(c.category), severity_badge(c.severity),
                      rx.cond(c.is_drill, drill_badge()), rx.spacer(),
                      rx.badge(rx.cond(c.accepted, c.status_label, "Not yet accepted"),
                               color_scheme=rx.cond(c.accepted, "blue", "red"), size="2",
                               id="unit-step"),
                      align="center", spacing="2", width="100%"),
            rx.heading(c.title, size="5", style=WRAP, id="unit-title"),
            _next_step(c),
            _small_form(c, "release", "reason", "Why are you releasing? (e.g. handed to police)",
                        "Release", S.submit_release, "gray", True),
            rx.divider(),
            rx.hstack(
                rx.vstack(rx.text("Person", size="1", color_scheme="gray"),
                          rx.text(c.subject_name, size="3", weight="bold", style=WRAP,
                                  id="unit-subject"),
                          spacing="0", min_width="0", flex="1"),
                rx.cond(c.tel_href != "",
                        rx.link(rx.button(rx.icon("phone", size=16), c.subject_phone, size="3",
                                          color_scheme="green", variant="soft"),
                                href=c.tel_href, id="unit-call")),
                align="center", spacing="2", width="100%"),
            rx.divider(),
            _where(c),
            rx.divider(),
            rx.vstack(
                rx.text("SLA: ", c.sla_label, size="2", color_scheme="gray", id="unit-sla"),
                rx.cond(c.sla_stage != "",
                        sla_countdown(c.sla_due, c.sla_start, c.sla_stage, c.breached)),
                spacing="1", width="100%"),
            rx.cond(c.notes.length() > 0, rx.vstack(
                rx.text("From dispatch", size="1", color_scheme="gray"),
                rx.foreach(c.notes, lambda n: rx.text(n, size="2", style=WRAP)),
                spacing="1", width="100%", id="unit-notes",
                padding="8px", background="var(--accent-a3)", border_radius="var(--radius-2)")),
            rx.grid(
                rx.button(rx.icon("message-square-plus", size=18), "Add note", size="3",
                          variant="soft", on_click=S.open_form("note"), width="100%",
                          min_height="48px", id="unit-note"),
                rx.button(rx.icon("siren", size=18),
                          rx.cond(c.backup_requested, "Backup sent", "Need backup"), size="3",
                          color_scheme="red", variant=rx.cond(c.backup_requested, "soft", "solid"),
                          on_click=S.open_form("backup"), width="100%", min_height="48px",
                          id="unit-backup"),
                columns="2", spacing="2", width="100%"),
            _small_form(c, "note", "message", "What you see, who you spoke to…", "Add note",
                        S.submit_note, "blue", True),
            _small_form(c, "backup", "reason", "What do you need? (optional)",
                        "Send backup request", S.submit_backup, "red", False),
            spacing="3", width="100%"),
        width="100%", id="unit-card", data_assignment=c.assignment_id, data_status=c.status,
    )


def _others() -> rx.Component:
    return rx.cond(S.cards.length() > 1, rx.vstack(
        rx.text("Also assigned to you", size="1", color_scheme="gray", weight="bold"),
        rx.foreach(S.cards[1:], lambda c: rx.link(
            rx.card(rx.hstack(severity_badge(c.severity),
                              rx.text(c.title, size="2", truncate=True, min_width="0"),
                              rx.spacer(), rx.text(c.status_label, size="1"),
                              align="center", spacing="2", width="100%"), width="100%"),
            href="/me?assignment=" + c.assignment_id, width="100%", underline="none")),
        spacing="2", width="100%", id="unit-others"))


def _location() -> rx.Component:
    sharing = (S.share == "1") & S.on_duty
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("locate-fixed", size=18),
                rx.text("Share my location with dispatch", size="2", weight="medium",
                        flex="1", min_width="0"),
                rx.switch(checked=S.share == "1", on_change=S.set_share, size="3",
                          id="share-location", disabled=~S.on_duty),
                align="center", spacing="2", width="100%"),
            rx.text(
                rx.cond(~S.on_duty, "You are off duty: your location is not shared.",
                        rx.match(S.share_status,
                                 ("sharing", "Sharing every 15 s while on duty."),
                                 ("denied", "The browser refused: allow location for this site."),
                                 ("unavailable", "This phone cannot tell its position now."),
                                 "Off: dispatch sees your last shared position, if any.")),
                size="1", color_scheme="gray", id="share-status"),
            rx.cond(S.last_fix_at != "",
                    rx.text("Last sent ", clock_time(S.last_fix_at), size="1",
                            color_scheme="gray", id="share-last")),
            spacing="1", width="100%"),
        location_share(enabled=sharing, interval_ms=S.share_every_ms,
                       on_position=S.report_position, on_status=S.set_share_status,
                       id="location-share"),
        width="100%",
    )


def me_body() -> rx.Component:
    return rx.vstack(
        unit_alert(seq=S.alert_seq, src=ALERT_SOUND_URL, id="unit-alert"),
        rx.cond(S.alert_text != "", rx.callout(S.alert_text, icon="bell-ring", color_scheme="red",
                                               width="100%", id="unit-new")),
        rx.cond(S.link_problem != "", rx.callout(S.link_problem, icon="lock",
                                                 color_scheme="amber", width="100%",
                                                 id="unit-link-problem")),
        rx.cond(
            S.loaded,
            rx.cond(S.cards.length() > 0,
                    rx.fragment(_card(S.cards[0]), _others()),
                    rx.callout("No assignment right now. Keep this page open: a new one rings "
                               "and vibrates this phone.", icon="radio", color_scheme="green",
                               width="100%", id="unit-empty")),
            loading_panel("Loading your assignments…"),
        ),
        _location(),
        spacing="3", padding="12px", width="100%", max_width="560px", margin_x="auto",
    )


PAGE = Page(route="/me", title="My assignment", body=me_body, allowed=is_responder,
            on_load=UnitState.load, frame=phone_frame)
