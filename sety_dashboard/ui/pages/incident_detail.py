"""Incident detail (`/incidents/[incident_id]`): the whole incident, its live
timeline, and every dispatcher action."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.incidents.inputs import OUTCOMES
from sety_dashboard.domain.users.permissions import can_dispatch
from sety_dashboard.ui.components.alerts import keyboard_shortcuts
from sety_dashboard.ui.components.assign_dialog import assign_dialog
from sety_dashboard.ui.components.badges import (
    category_icon,
    drill_badge,
    severity_badge,
    status_badge,
)
from sety_dashboard.ui.components.dialogs import action_form, dialog_footer
from sety_dashboard.ui.components.map import sety_map
from sety_dashboard.ui.components.muster import incident_muster_panel
from sety_dashboard.ui.components.scorecard import scorecard_tabs
from sety_dashboard.ui.components.sla import SlaCountdown, sla_countdown
from sety_dashboard.ui.components.times import clock_time, time_and_age
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.assign import AssignState
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.dialog_targets import ASSIGN_FOR, open_for
from sety_dashboard.ui.state.incident import IncidentState
from sety_dashboard.ui.viewmodels.incident_view import AssignmentItem, SlaStage, TimelineItem

S = IncidentState
OUTCOME_LABELS = {o: o.replace("_", " ").capitalize() for o in OUTCOMES}
EVENT_ICONS = {"created": "siren", "acknowledged": "eye", "responder_assigned": "user-plus",
               "responder_updated": "truck", "status_changed": "map-pin",
               "note_added": "message-square", "sla_breached": "alarm-clock",
               "escalated": "arrow-up", "resolved": "circle-check", "cancelled": "circle-x"}


def _field(label: str, value: rx.Var | str, **props) -> rx.Component:
    return rx.hstack(rx.text(label, size="1", color_scheme="gray", width="90px"),
                     rx.text(value, size="2", **props), align="baseline", spacing="2")


def _panel(title: str, *children: rx.Component, **props) -> rx.Component:
    return rx.card(rx.vstack(rx.text(title, size="1", weight="bold", color_scheme="gray",
                                     text_transform="uppercase", letter_spacing="0.06em"),
                             *children, spacing="2", width="100%"), width="100%", **props)


def _action(label: str, icon: str, on_click, blocked: rx.Var, id_: str, kbd: str = "",
            color: str = "gray", solid: bool = False,
            dialog: rx.Component | None = None) -> rx.Component:
    """A button that, when it cannot be used, says why in its tooltip and below it.

    With `dialog`, the button is that dialog's trigger: the dialog opens in
    the browser at once (no server round trip) while `on_click` tells the
    server a new form began."""
    button = rx.button(
        rx.icon(icon, size=15), label,
        rx.el.kbd(kbd, class_name="sety-kbd") if kbd else rx.fragment(),
        on_click=on_click, disabled=(blocked != "") | S.busy,
        variant="solid" if solid else "soft", color_scheme=color, id=id_, size="2",
    )
    if dialog is not None:
        button = rx.dialog.root(rx.dialog.trigger(button), dialog,
                                # A new key after a successful action closes it.
                                key=id_ + "-" + S.dialog_gen.to_string())
    return rx.tooltip(rx.box(button), content=rx.cond(blocked != "", blocked, label))


def _header() -> rx.Component:
    inc = S.inc
    return rx.vstack(
        rx.hstack(
            rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("Board", size="2"),
                              align="center", spacing="1"), href="/", color_scheme="gray"),
            align="center",
        ),
        rx.hstack(
            category_icon(inc.category), severity_badge(inc.severity),
            rx.heading(inc.title, size="6", id="incident-title"),
            rx.cond(inc.is_drill, drill_badge()),
            status_badge(inc.status),
            rx.text("reported", size="1", color_scheme="gray"),
            time_and_age(inc.created_at, id="incident-created"),
            rx.spacer(),
            rx.text("SLA", size="1", color_scheme="gray"),
            # Closed: no live countdown and no breach flame in the header
            # (the SLA panel below says how each stage went).
            rx.cond(inc.is_open,
                    sla_countdown(inc.sla_due, inc.sla_start, inc.sla_stage, inc.breached),
                    rx.text("closed", size="1", color_scheme="gray")),
            align="center", spacing="3", width="100%", wrap="wrap",
        ),
        spacing="2", width="100%",
    )


def _actions() -> rx.Component:
    inc = S.inc
    return rx.vstack(
        rx.hstack(
            _action("Acknowledge", "eye", S.acknowledge, inc.ack_blocked, "action-acknowledge",
                    kbd="A", color="red", solid=True),
            # Opens in the browser at once; the server loads the on-duty list.
            _action("Assign responder", "user-plus",
                    [open_for(ASSIGN_FOR, inc.incident_id, inc.title),
                     AssignState.open_for(inc.incident_id)],
                    inc.assign_blocked,
                    "action-assign", color="blue"),
            _action("Add note", "message-square", S.new_form, "", "action-note",
                    kbd="N", dialog=_note_dialog()),
            _action("Resolve", "circle-check", S.new_form, inc.resolve_blocked,
                    "action-resolve", color="green", dialog=_resolve_dialog()),
            _action("Cancel", "circle-x", S.new_form,
                    rx.cond(inc.cancel_blocked != "", inc.cancel_blocked,
                            rx.cond(S.can_cancel_this, "",
                                    "Only a supervisor or an admin can cancel a drill")),
                    "action-cancel", color="gray", dialog=_cancel_dialog()),
            spacing="2", wrap="wrap",
        ),
        rx.cond(S.action_error != "",
                rx.callout(S.action_error, icon="triangle-alert", color_scheme="red", size="1",
                           id="action-error", width="100%")),
        incident_muster_panel(),  # SOS / fire: who is on site, roll call (access area)
        spacing="2", width="100%",
    )


def _sla_stage(stage: SlaStage) -> rx.Component:
    return rx.hstack(
        rx.text(stage.label, size="2", width="110px"),
        rx.cond(
            stage.done_at != "",
            rx.hstack(rx.icon("check", size=14,
                              color=rx.cond(stage.breached, "var(--red-9)", "var(--green-9)")),
                      rx.text(rx.cond(stage.breached, "done late", "done in time"), size="1",
                              color_scheme=rx.cond(stage.breached, "red", "green")),
                      clock_time(stage.done_at),
                      align="center", spacing="1"),
            rx.cond(stage.current,
                    SlaCountdown.create(due=stage.due, start=stage.start, stage=stage.stage,
                                        tz=AuthState.timezone),
                    rx.cond(S.inc.is_open,
                            rx.hstack(rx.text("due", size="1", color_scheme="gray"),
                                      clock_time(stage.due), spacing="1"),
                            # A cancelled incident never reached this stage: nothing is due.
                            rx.text("not reached", size="1", color_scheme="gray",
                                    class_name="sla-not-reached"))),
        ),
        align="center", spacing="2",
    )


def _timeline_item(item: TimelineItem) -> rx.Component:
    return rx.hstack(
        rx.box(
            rx.match(item.event,
                     *[(e, rx.icon(i, size=15)) for e, i in EVENT_ICONS.items()],
                     rx.icon("dot", size=15)),
            padding_top="2px",
            color=rx.cond(item.event == "sla_breached", "var(--red-9)", "var(--gray-11)"),
        ),
        rx.vstack(
            rx.text(item.message, size="2", white_space="pre-wrap"),
            rx.hstack(rx.text(item.actor_name, size="1", weight="medium"),
                      rx.text("·", size="1", color_scheme="gray"),
                      time_and_age(item.timestamp),
                      spacing="1", align="center"),
            spacing="0",
        ),
        align="start", spacing="3", class_name="sety-timeline-item", data_event=item.event,
        width="100%",
    )


def _assignment(a: AssignmentItem) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(a.name, size="2", weight="medium"),
                  rx.text(a.unit, " ", a.phone, " ", a.eta, size="1", color_scheme="gray"),
                  spacing="0"),
        rx.spacer(),
        status_badge_assignment(a.status),
        rx.foreach(a.next_statuses, lambda nxt: rx.button(
            rx.match(nxt, ("en_route", "En route"), ("on_scene", "On scene"),
                     ("released", "Release"), nxt),
            size="1", variant="soft", disabled=S.busy,
            on_click=S.move_assignment(a.assignment_id, nxt),
            class_name="assignment-move", data_move=nxt,
        )),
        align="center", spacing="2", width="100%", class_name="assignment-row",
    )


def status_badge_assignment(status: rx.Var[str]) -> rx.Component:
    return rx.match(
        status,
        ("assigned", rx.badge("Assigned", color_scheme="blue", variant="soft", size="1")),
        ("en_route", rx.badge("En route", color_scheme="amber", variant="soft", size="1")),
        ("on_scene", rx.badge("On scene", color_scheme="cyan", variant="soft", size="1")),
        ("released", rx.badge("Released", color_scheme="gray", variant="soft", size="1")),
        rx.badge(status, size="1"),
    )


def _note_dialog() -> rx.Component:
    return _dialog("Add a note", action_form(
        rx.text_area(name="message", placeholder="What happened, who you spoke to…",
                     value=S.note_text, on_change=S.set_field("note_text"), rows="4",
                     width="100%", auto_focus=True, id="note-text", max_length=5000),
        _dialog_buttons("Add note", "note-submit"),
        on_submit=S.add_note))


def _resolve_dialog() -> rx.Component:
    return _dialog("Resolve the incident", action_form(
        rx.text("Outcome", size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%", id="resolve-outcome",
                              placeholder="Choose how it ended"),
            rx.select.content(*[rx.select.item(label, value=o)
                                for o, label in OUTCOME_LABELS.items()]),
            name="outcome", value=S.resolve_outcome, on_change=S.set_resolve_outcome),
        rx.text_area(name="notes",
                     placeholder=rx.cond(S.notes_required,
                                         "Resolution notes (required: what happened?)",
                                         "Resolution notes (optional)"),
                     value=S.resolve_notes, on_change=S.set_resolve_notes, rows="3",
                     id="resolve-notes"),
        rx.cond(S.resolve_confirm,
                rx.callout("Close this incident? Active responders are released and "
                           "it leaves the board.", icon="info", color_scheme="amber",
                           size="1", id="resolve-confirm")),
        _dialog_buttons(rx.cond(S.resolve_confirm, "Yes, resolve and close", "Resolve"),
                        "resolve-submit", color="green"),
        on_submit=S.resolve))


def _cancel_dialog() -> rx.Component:
    return _dialog("Cancel the incident", action_form(
        rx.text("Why is it cancelled? The reason goes in the timeline.", size="2"),
        rx.text_area(name="reason", placeholder="Reason", value=S.cancel_reason,
                     on_change=S.set_field("cancel_reason"), rows="3", id="cancel-reason"),
        _dialog_buttons("Cancel incident", "cancel-submit", color="red"),
        on_submit=S.cancel))


def _dialog_buttons(label: rx.Var | str, id_: str, color: str = "indigo") -> rx.Component:
    return dialog_footer(label, id_, error=S.action_error, busy=S.busy, color=color)


def _dialog(title: str, content: rx.Component) -> rx.Component:
    """An action dialog's content; its root and trigger are the action button."""
    return rx.dialog.content(rx.dialog.title(title), content, max_width="480px")


def _details() -> rx.Component:
    inc = S.inc
    return rx.grid(
        rx.vstack(
            _panel("Subject",
                   _field("Name", inc.subject_name), _field("Phone", inc.subject_phone),
                   rx.cond(inc.subject_email != "", _field("Email", inc.subject_email)),
                   rx.cond(inc.subject_reference != "", _field("Reference", inc.subject_reference)),
                   rx.foreach(inc.subject_metadata, lambda kv: _field(kv[0], kv[1]))),
            _panel("Location",
                   _field("Address", rx.cond(inc.address != "", inc.address, "—")),
                   rx.cond(inc.landmark != "", _field("Landmark", inc.landmark)),
                   rx.cond(inc.site != "", _field("Site", inc.site)),
                   _field("Coordinates", inc.lat.to_string() + ", " + inc.lng.to_string()),
                   sety_map(markers=S.location_markers, tile_url=S.map_tile_url,
                            attribution=S.map_attribution, height="240px", zoom=15,
                            id="incident-map")),
            rx.cond(inc.description != "", _panel("Description", rx.text(inc.description,
                                                                         size="2"))),
            _panel("SLA", rx.foreach(inc.sla_stages, _sla_stage)),
            rx.cond(inc.resolution_outcome != "",
                    _panel("Resolution",
                           _field("Outcome", rx.match(inc.resolution_outcome,
                                                      *OUTCOME_LABELS.items(),
                                                      inc.resolution_outcome),
                                  id="incident-outcome"),
                           rx.cond(inc.resolution_notes != "",
                                   _field("Notes", inc.resolution_notes)))),
            spacing="3", width="100%",
        ),
        rx.vstack(
            _panel("Responders",
                   rx.cond(inc.assignments.length() > 0,
                           rx.foreach(inc.assignments, _assignment),
                           rx.text("No responder assigned yet.", size="2",
                                   color_scheme="gray"))),
            _panel("Timeline",
                   rx.vstack(rx.foreach(inc.timeline, _timeline_item), spacing="3",
                             width="100%", id="timeline")),
            spacing="3", width="100%",
        ),
        columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%",
    )


def incident_body() -> rx.Component:
    return rx.box(
        rx.cond(
            S.loaded,
            rx.cond(
                S.not_found,
                rx.callout(
                    rx.vstack(rx.text("There is no incident with this id.", weight="bold"),
                              rx.link("Back to the dispatch board", href="/",
                                      id="back-to-board"), spacing="1"),
                    icon="search-x", color_scheme="amber", id="incident-not-found"),
                rx.vstack(keyboard_shortcuts(keys="and", on_shortcut=S.shortcut,
                                             clicks={"n": "#action-note",
                                                     "d": "#action-assign"}),
                          _header(), _actions(),
                          scorecard_tabs(_details(), ~S.inc.is_open), assign_dialog(),
                          spacing="4",
                          width="100%"),
            ),
            loading_panel("Loading the incident…"),
        ),
        padding="16px", width="100%", max_width="1400px", margin_x="auto",
    )


PAGE = Page(route="/incidents/[incident_id]", title="Incident", body=incident_body,
            allowed=can_dispatch, on_load=IncidentState.load)
