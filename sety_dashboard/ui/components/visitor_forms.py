"""The visitor board's forms and dialogs: check in (the code checked as it is
typed), issue a code (shown large), confirm a revoke."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.access.inputs import MAX_USES_LIMIT
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.state.visitor_desk import DEFAULT_HOURS, DeskState

D = DeskState
REASON_COLORS = {"ok": "green", "not_yet_valid": "amber", "expired": "orange",
                 "revoked": "red", "exhausted": "red", "not_found": "gray"}


def _field(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", weight="medium", color_scheme="gray"), control,
                     spacing="1", width="100%", min_width="0")


def _pair(*fields: rx.Component) -> rx.Component:
    """Two fields side by side that stack on a narrow screen."""
    return rx.flex(*(rx.box(f, flex="1 1 140px", min_width="0") for f in fields), gap="8px",
                   width="100%", wrap="wrap")


def _input(name: str, id_: str, placeholder: str | rx.Var = "", **props) -> rx.Component:
    props.setdefault("size", "2")
    # An error goes once the person changes what it was about.
    clear = D.clear_issue_error if id_.startswith("issue-") else D.clear_checkin_error
    props.setdefault("on_change", clear)
    return rx.input(name=name, id=id_, placeholder=placeholder, width="100%", **props)


def _site_picker(value: rx.Var[str], on_change, id_: str) -> rx.Component:
    """The board's own site when it shows one; a picker when it shows all."""
    return rx.cond(
        D.site != "",
        rx.text(D.site, size="2", weight="bold", id=id_),
        rx.select.root(
            rx.select.trigger(placeholder="No site", width="100%", id=id_),
            rx.select.content(
                rx.select.item("No site", value="__none__"),
                rx.foreach(D.sites, lambda s: rx.select.item(s, value=s)),
            ),
            value=rx.cond(value != "", value, rx.cond(D.desk_site != "", D.desk_site, "__none__")),
            on_change=on_change, size="2",
        ),
    )


def _code_status() -> rx.Component:
    """Under the code field: valid / expired / revoked / used up / not yet valid."""
    return rx.cond(
        D.code_reason != "",
        rx.vstack(
            rx.hstack(
                rx.match(D.code_reason,
                         *[(r, rx.badge(rx.cond(r == "ok", rx.icon("circle-check", size=14),
                                                rx.icon("circle-x", size=14)),
                                        D.code_label, color_scheme=c, variant="solid",
                                        size="2"))
                           for r, c in REASON_COLORS.items()],
                         rx.badge(D.code_label, size="2")),
                rx.text(D.code_message, size="2", weight="medium"),
                spacing="2", align="center", wrap="wrap",
            ),
            rx.cond(D.code_hint != "", rx.text(D.code_hint, size="1", color_scheme="gray")),
            spacing="1", id="code-status", data_reason=D.code_reason,
        ),
    )


def check_in_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _field("Access code (optional)",
                   _input("access_code", "checkin-code", "Type the visitor's code",
                          on_change=D.check_code.debounce(250), auto_complete="off",
                          max_length=64, size="3",
                          style={"font_family": "ui-monospace, monospace",
                                 "letter_spacing": "0.12em"})),
            _code_status(),
            _field("Visitor", _input("visitor_name", "checkin-name",
                                     rx.cond(D.code_reason == "ok", "As on the code",
                                             "Full name"))),
            _pair(_field("Phone", _input("visitor_phone", "checkin-phone", "+234…", type="tel")),
                  _field("Host", _input("host_name", "checkin-host", "Who they visit"))),
            _pair(
                _field("Purpose", _input("purpose", "checkin-purpose", "Meeting, delivery…")),
                _field("Site", _site_picker(D.ci_site, D.set_ci_site, "checkin-site")),
            ),
            _field("Notes", _input("notes", "checkin-notes", "Badge number, vehicle…")),
            rx.cond(D.checkin_error != "",
                    rx.callout(D.checkin_error, icon="ban", color_scheme="red", size="1",
                               width="100%", id="checkin-error", data_reason=D.checkin_reason)),
            rx.button(rx.icon("log-in", size=16), "Check in", type="submit", size="3",
                      width="100%", loading=D.checkin_busy, id="checkin-submit"),
            spacing="2", width="100%",
        ),
        on_submit=D.submit_check_in, reset_on_submit=False, width="100%",
    )


def issue_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _field("Visitor", _input("visitor_name", "issue-name", "Full name", required=True)),
            _pair(
                _field("Phone", _input("visitor_phone", "issue-phone", "+234…", type="tel")),
                _field("Host", _input("host_name", "issue-host", "Who they visit")),
            ),
            _pair(
                _field("Purpose", _input("purpose", "issue-purpose", "Meeting, interview…")),
                _field("Site", _site_picker(D.ic_site, D.set_ic_site, "issue-site")),
            ),
            _pair(
                _field("Valid from (empty = now)",
                       _input("valid_from", "issue-from", type="datetime-local")),
                _field("Valid for (hours)",
                       _input("hours", "issue-hours", type="number", min="0.25", step="0.25",
                              default_value=DEFAULT_HOURS)),
            ),
            _pair(
                _field("Uses", _input("max_uses", "issue-uses", type="number", min="1",
                                      max=str(MAX_USES_LIMIT), default_value="1")),
                _field("Own code (optional)",
                       _input("code", "issue-custom", "4–12 letters or digits", max_length=12)),
            ),
            rx.cond(D.issue_error != "",
                    rx.callout(D.issue_error, icon="triangle-alert", color_scheme="red",
                               size="1", width="100%", id="issue-error")),
            rx.button(rx.icon("key-round", size=16), "Issue code", type="submit", size="2",
                      width="100%", loading=D.issue_busy, id="issue-submit"),
            spacing="2", width="100%",
        ),
        on_submit=D.submit_issue, reset_on_submit=False, width="100%",
    )


def issued_dialog(tz: rx.Var[str]) -> rx.Component:
    """The code just issued, large enough to read out across a desk."""
    code = D.issued
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Access code issued"),
            rx.vstack(
                rx.text(code.code, id="issued-code", weight="bold", text_align="center",
                        width="100%", padding="18px 8px", border_radius="var(--radius-4)",
                        background="var(--accent-a3)", color="var(--accent-12)",
                        style={"font_family": "ui-monospace, monospace", "font_size": "72px",
                               "letter_spacing": "0.18em", "line_height": "1"}),
                rx.text(code.visitor_name, size="5", weight="bold", text_align="center",
                        width="100%"),
                rx.text(rx.cond(code.host != "", "Host " + code.host + " · ", ""),
                        rx.cond(code.site != "", code.site, "Any site"), size="2",
                        color_scheme="gray", text_align="center", width="100%"),
                rx.hstack(
                    rx.text("Valid", size="2"),
                    clock_time(code.valid_from, size="2", tz=tz, weight="bold"),
                    rx.text("to", size="2"),
                    clock_time(code.valid_until, size="2", tz=tz, weight="bold"),
                    rx.text("·", size="2"),
                    rx.text(code.max_uses.to_string() + rx.cond(code.max_uses == 1, " use",
                                                                 " uses"), size="2"),
                    justify="center", spacing="1", width="100%", wrap="wrap",
                ),
                rx.hstack(
                    rx.button("Revoke", color_scheme="red", variant="soft",
                              on_click=D.revoke_issued, id="issued-revoke"),
                    rx.spacer(),
                    rx.button("Check in with it now", variant="soft", on_click=D.use_issued,
                              id="issued-use"),
                    rx.dialog.close(rx.button("Done", id="issued-done")),
                    spacing="2", width="100%",
                ),
                spacing="3", width="100%",
            ),
            max_width="520px",
            # Radix puts focus back where it was before the dialog opened,
            # a tick after the dialog unmounts (the close waits for the
            # server). Someone already typing into the check-in form would
            # see their keys land in that old field (the issue form). Focus
            # stays where the person puts it; "Check in with it now" moves
            # it to the code field itself.
            on_close_auto_focus=rx.prevent_default,
        ),
        open=D.issued_open, on_open_change=D.close_issued,
    )


def revoke_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Revoke this access code?"),
            rx.alert_dialog.description(
                rx.text(D.revoke_label, weight="bold"),
                rx.text("Nobody can check in with it afterwards. People already inside stay "
                        "checked in.", size="2"),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Revoke", color_scheme="red", on_click=D.revoke,
                                                 id="revoke-confirm")),
                justify="end", spacing="2", margin_top="12px",
            ),
        ),
        open=D.revoke_id != "", on_open_change=D.close_revoke,
    )
