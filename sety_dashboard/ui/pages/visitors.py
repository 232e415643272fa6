"""Visitor board (`/visitors`, front desk / supervisor / admin): who is inside
now (live), time on site and overstays, one-click checkout, check in with
the access code checked as it is typed, issue and revoke codes, today's
log with search and CSV export, the day's figures and visits by hour.

An open SOS or fire at the site puts its muster list on top. Of incidents
the front desk sees only that, and the count of open SOS.
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_use_visitor_board
from sety_dashboard.ui.components.muster import muster_cards
from sety_dashboard.ui.components.on_site import on_site
from sety_dashboard.ui.components.times import clock_time
from sety_dashboard.ui.components.visitor_forms import (
    check_in_form,
    issue_form,
    issued_dialog,
    revoke_dialog,
)
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.visitor_desk import DeskState
from sety_dashboard.ui.state.visitors import ALL_SITES
from sety_dashboard.ui.viewmodels.visitor_rows import CodeRow, InsideRow, LogRow

S = DeskState


def _time(value: rx.Var[str], **props) -> rx.Component:
    """A time in the desk's zone, in the one format of the dashboard."""
    props.setdefault("size", "2")
    return clock_time(value, tz=S.tz, **props)


def _section(title: str, *children: rx.Component, right: rx.Component | None = None,
             **props) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(title, size="1", weight="bold", color_scheme="gray",
                              text_transform="uppercase", letter_spacing="0.06em"),
                      rx.spacer(), right or rx.fragment(), align="center", width="100%"),
            *children, spacing="2", width="100%"),
        width="100%", **props)


def _stat(label: str, value: rx.Component | rx.Var, id_: str, color: str = "gray",
          sub: rx.Component | None = None) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="1", color_scheme="gray", text_transform="uppercase",
                    letter_spacing="0.06em", weight="bold"),
            rx.text(value, size="6", weight="bold", color=f"var(--{color}-11)",
                    font_variant_numeric="tabular-nums", id=id_, white_space="nowrap"),
            sub or rx.text("\u00a0", size="1"),
            spacing="0"),
        size="1", min_width="104px", flex="1 1 104px", height="100%")


def _stats() -> rx.Component:
    st = S.stats
    return rx.hstack(
        _stat("Visits today", st.visits_today, "stat-visits"),
        _stat("Inside now", S.inside.length(), "stat-inside", "blue"),
        _stat("Average stay", st.average_stay, "stat-average",
              sub=rx.text("median ", st.median_stay, size="1", color_scheme="gray")),
        _stat("Peak today", st.peak, "stat-peak",
              sub=rx.cond(st.peak_at != "",
                          rx.hstack(rx.text("at", size="1", color_scheme="gray"),
                                    _time(st.peak_at, size="1", color_scheme="gray"), spacing="1"),
                          rx.text("—", size="1", color_scheme="gray"))),
        rx.tooltip(
            rx.box(_stat("Open SOS", S.sos_open, "stat-sos",
                         rx.cond(S.sos_open > 0, "red", "gray"))),
            content="SOS alerts being handled by dispatch right now"),
        spacing="2", wrap="wrap", width="100%",
    )


def _site_select() -> rx.Component:
    """Supervisors: any site or all. A front desk: its own site, which it
    may move (the choice is kept on the server for this desk)."""
    return rx.select.root(
        rx.select.trigger(width="200px", max_width="100%", id="site-select"),
        rx.select.content(
            rx.cond(S.see_all, rx.select.item("All sites", value=ALL_SITES)),
            rx.foreach(S.sites, lambda s: rx.select.item(s, value=s)),
        ),
        value=rx.cond(S.site != "", S.site, ALL_SITES), on_change=S.choose_site, size="2",
    )


def _choose_desk_site() -> rx.Component:
    """A desk's first visit: which site does it stand in?"""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Which site is this desk at?", size="5"),
                rx.text("Check-ins, the board and emergency roll calls follow this site. "
                        "It is remembered for your account; you can move it later.",
                        size="2", color_scheme="gray"),
                rx.input(name="site", id="desk-site-input", placeholder="Site name, e.g. HQ",
                         list="desk-known-sites", size="3", width="100%", max_length=200,
                         on_change=S.clear_desk_error),
                rx.el.datalist(rx.foreach(S.sites, lambda s: rx.el.option(value=s)),
                               id="desk-known-sites"),
                rx.cond(S.desk_error != "", rx.callout(S.desk_error, icon="triangle-alert",
                                                       color_scheme="red", size="1",
                                                       id="desk-site-error")),
                rx.button("Use this site", type="submit", size="3", id="desk-site-submit"),
                spacing="3", width="100%",
            ),
            on_submit=S.submit_desk_site, reset_on_submit=False, width="100%",
        ),
        max_width="480px", width="100%", id="desk-site-chooser",
    )


def _inside_row(row: InsideRow) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row.name, weight="bold", size="2", style={"overflow_wrap": "anywhere"}),
            rx.text(rx.cond(row.host != "", "Host " + row.host, "No host"),
                    rx.cond(row.purpose != "", " · " + row.purpose, ""), size="1",
                    color_scheme="gray", style={"overflow_wrap": "anywhere"}),
            spacing="0", min_width="0", flex="1 1 180px"),
        rx.vstack(
            rx.hstack(rx.text("in", size="1", color_scheme="gray"), _time(row.check_in_at),
                      rx.text(rx.cond(row.method == "access_code", "code", "walk-in"),
                              size="1", color_scheme="gray"),
                      rx.cond(S.site == "", rx.text(row.site, size="1", color_scheme="gray")),
                      spacing="1", align="baseline", wrap="wrap"),
            on_site(since=row.check_in_at, until=row.expected_out_at, tz=S.tz, class_name="on-site"),
            spacing="0", flex="0 1 auto"),
        rx.hstack(
            rx.link(rx.button(rx.icon("id-card", size=14), "Badge", size="2",
                              variant="surface", color_scheme="gray", as_="span"),
                    href="/badge/" + row.log_id, is_external=True, class_name="badge-link"),
            rx.button(rx.icon("log-out", size=14), "Check out", size="2", variant="surface",
                      loading=S.busy_id == row.log_id, on_click=S.check_out(row.log_id),
                      class_name="checkout"),
            spacing="2", flex="0 0 auto"),
        align="center", gap="8px 16px", wrap="wrap", width="100%", padding="8px 4px",
        border_bottom="1px solid var(--gray-a4)",
        id="inside-" + row.log_id, class_name="inside-row",
    )


def _undo_bar() -> rx.Component:
    return rx.cond(
        S.undo_id != "",
        rx.callout(
            rx.hstack(
                rx.text(S.undo_name, " checked out.", size="2"),
                rx.button("Undo", size="2", on_click=S.undo_check_out, id="undo-checkout"),
                # Pressed by the browser's timer when the undo window closes.
                rx.button("Dismiss", size="1", variant="ghost", color_scheme="gray",
                          on_click=S.dismiss_undo(S.undo_turn), id="undo-dismiss",
                          data_turn=S.undo_turn.to_string()),
                align="center", spacing="3", wrap="wrap"),
            icon="undo-2", size="1", color_scheme="blue", width="100%", id="undo-bar"),
    )


def _inside() -> rx.Component:
    return _section(
        "Inside now",
        _undo_bar(),
        rx.cond(
            S.inside.length() > 0,
            rx.vstack(rx.foreach(S.inside, _inside_row), spacing="0", width="100%",
                      id="inside-table"),
            rx.text("Nobody is checked in here right now.", size="2", color_scheme="gray",
                    id="inside-empty"),
        ),
        right=rx.badge(S.inside.length(), " inside", size="2", variant="soft",
                       color_scheme="blue"),
    )


# Columns a phone leaves out of the log (the CSV has them all).
_WIDE = {"display": rx.breakpoints(initial="none", sm="table-cell")}


def _log_row(row: LogRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_time(row.check_in_at, size="1")),
        rx.table.cell(rx.cond(row.check_out_at != "", _time(row.check_out_at, size="1"),
                              rx.badge("inside", color_scheme="blue", size="1"))),
        rx.table.cell(rx.text(row.name, size="1", weight="medium", truncate=True)),
        rx.table.cell(rx.text(row.host, size="1", truncate=True)),
        rx.table.cell(rx.text(row.purpose, size="1", truncate=True), **_WIDE),
        rx.table.cell(rx.text(row.site, size="1", truncate=True), **_WIDE),
        rx.table.cell(rx.text(rx.cond(row.method == "access_code", "code", "walk-in"), size="1"),
                      **_WIDE),
        # Inside: the time so far, counted in the browser.
        rx.table.cell(rx.cond(row.check_out_at != "",
                              rx.text(row.stay, size="1"),
                              rx.text(on_site(since=row.check_in_at, until=""), " so far",
                                      size="1", color_scheme="blue")),
                      class_name="log-stay"),
        class_name="log-row", data_log_id=row.log_id,
    )


def _log() -> rx.Component:
    return _section(
        "Today's log",
        rx.flex(
            rx.input(rx.input.slot(rx.icon("search", size=14)),
                     placeholder="Search name, host, code…", value=S.search,
                     on_change=S.set_search.debounce(300), width="100%", max_width="340px",
                     id="log-search"),
            rx.text(S.log_rows.length(), " of ", S.log_total, " visits shown", size="1",
                    color_scheme="gray", id="log-count"),
            rx.spacer(),
            rx.button(rx.icon("download", size=14), "Export CSV", size="2", variant="surface",
                      on_click=S.export_csv, id="export-csv",
                      title="Download the log as filtered here (all matching rows)"),
            align="center", gap="8px 12px", width="100%", wrap="wrap",
        ),
        rx.scroll_area(rx.table.root(
            rx.table.header(rx.table.row(
                rx.table.column_header_cell("In", width="56px"),
                rx.table.column_header_cell("Out", width="64px"),
                rx.table.column_header_cell("Visitor"),
                rx.table.column_header_cell("Host"),
                rx.table.column_header_cell("Purpose", **_WIDE),
                rx.table.column_header_cell("Site", width="120px", **_WIDE),
                rx.table.column_header_cell("How", width="64px", **_WIDE),
                rx.table.column_header_cell("Stay", width="110px"),
            )),
            rx.table.body(rx.foreach(S.log_rows, _log_row)),
            size="1", variant="ghost", width="100%", id="log-table",
            style={"table_layout": "fixed"},
        ), type="auto", scrollbars="vertical", style={"max_height": "560px"}),
        rx.cond(S.log_rows.length() == 0,
                rx.text(rx.cond(S.search != "", "No visit today matches this search.",
                                "No visits yet today."), size="2", color_scheme="gray")),
    )


def _chart() -> rx.Component:
    return _section(
        "Visits by hour (today)",
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False,
                                       stroke="var(--gray-a5)"),
            rx.recharts.x_axis(data_key="hour", tick_line=False, interval=1,
                               font_size=11, stroke="var(--gray-10)"),
            rx.recharts.y_axis(allow_decimals=False, width=28, font_size=11,
                               stroke="var(--gray-10)"),
            rx.recharts.graphing_tooltip(cursor={"fill": "var(--gray-a3)"}),
            # No animation: a live update would replay it on every check-in.
            rx.recharts.bar(data_key="visits", fill="var(--blue-9)", radius=[3, 3, 0, 0],
                            name="Visits", is_animation_active=False),
            data=S.stats.by_hour, height=190, width="100%",
        ),
        id="hour-chart",
    )


def _code_row(row: CodeRow) -> rx.Component:
    return rx.hstack(
        rx.text(row.code, weight="bold", size="3",
                style={"font_family": "ui-monospace, monospace", "letter_spacing": "0.08em"},
                min_width="84px"),
        rx.vstack(
            rx.text(row.visitor_name, size="2", truncate=True),
            rx.hstack(
                rx.cond(row.opens_later,
                        rx.hstack(rx.text("from", size="1", color_scheme="amber"),
                                  _time(row.valid_from, size="1",
                                        color_scheme="amber"), spacing="1"),
                        rx.hstack(rx.text("until", size="1", color_scheme="gray"),
                                  _time(row.valid_until, size="1",
                                        color_scheme="gray"), spacing="1")),
                rx.text("· " + row.uses.to_string() + "/" + row.max_uses.to_string() + " used",
                        size="1", color_scheme="gray"),
                spacing="1", wrap="wrap"),
            spacing="0", min_width="0", flex="1"),
        rx.button("Revoke", size="1", variant="ghost", color_scheme="red",
                  on_click=S.ask_revoke(row.code_id), id="revoke-" + row.code_id,
                  class_name="code-revoke"),
        align="center", spacing="2", width="100%", class_name="code-row",
        data_code=row.code, padding_y="4px", border_bottom="1px solid var(--gray-a4)",
    )


def _codes() -> rx.Component:
    return _section(
        "Live codes",
        rx.cond(S.live_codes.length() > 0,
                rx.vstack(rx.foreach(S.live_codes, _code_row), spacing="0", width="100%",
                          max_height="340px", overflow_y="auto", id="codes-list"),
                rx.text("No live codes for this site.", size="2", color_scheme="gray")),
        right=rx.text(S.live_codes.length(), size="1", color_scheme="gray"),
    )


def _board() -> rx.Component:
    """Check-in is first on every screen: the left column on a wide screen,
    the top of the page on a tablet or phone; the roll call of an emergency
    comes right after it (on a wide screen, at the top of the right)."""
    return rx.grid(
        rx.box(_section("Check in", check_in_form()), grid_area="checkin", min_width="0"),
        rx.vstack(muster_cards(S.tz), _stats(), _inside(), _log(), _chart(), spacing="3",
                  min_width="0", grid_area="main", width="100%"),
        rx.box(_section("Issue an access code", issue_form()), grid_area="issue",
               min_width="0"),
        rx.box(_codes(), grid_area="codes", min_width="0"),
        grid_template_areas=rx.breakpoints(
            initial='"checkin" "main" "issue" "codes"',
            md='"checkin main" "issue main" "codes main"'),
        grid_template_columns=rx.breakpoints(initial="minmax(0, 1fr)",
                                             md="minmax(320px, 400px) minmax(0, 1fr)"),
        grid_template_rows=rx.breakpoints(initial="auto", md="auto auto 1fr"),
        gap="12px 16px", width="100%", align_items="start", id="visitor-board",
    )


def visitors_body() -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.flex(
                rx.heading("Visitors", size="6"),
                rx.cond(S.loaded & ~S.needs_site, _site_select()),
                rx.spacer(),
                rx.link(rx.button(rx.icon("tablet", size=14), "Kiosk", size="2",
                                  variant="surface", color_scheme="gray", as_="span"),
                        href="/kiosk", id="open-kiosk"),
                align="center", gap="8px 16px", width="100%", wrap="wrap",
            ),
            rx.cond(
                S.loaded,
                rx.cond(S.needs_site, _choose_desk_site(), _board()),
                loading_panel("Loading the visitor board…"),
            ),
            issued_dialog(S.tz),
            revoke_dialog(),
            spacing="3", width="100%",
        ),
        padding=rx.breakpoints(initial="10px", sm="16px"), width="100%",
    )


PAGE = Page(route="/visitors", title="Visitors", body=visitors_body,
            allowed=can_use_visitor_board, on_load=DeskState.load)
