"""The visitor board's state: who is inside, today's log, live codes and the
day's figures at one site (or every site), kept live.

`load` reads everything from the database; afterwards the live bridge hands
every access event to `_on_live`: the inside-now list takes the visit from
the event itself, the log, codes and figures are read again (they depend
on the search, the site and the day). SOS and fire incident events only
refresh the count of open SOS: the front desk sees no incident details.
The forms (check in, issue a code) are `visitor_desk.DeskState`; the
muster cards are `muster.MusterState`.
"""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import reflex as rx

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session
from sety_dashboard.core.localtime import local_zone
from sety_dashboard.core.settings import get_settings
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.access import codes, desk, service
from sety_dashboard.domain.access.export import logs_csv
from sety_dashboard.domain.access.inputs import CheckoutRequest
from sety_dashboard.domain.access.muster import open_sos_count
from sety_dashboard.domain.access.read_model import code_view, current_view, log_view
from sety_dashboard.domain.access.stats import access_stats
from sety_dashboard.domain.users.permissions import can_see_all_sites, can_use_visitor_board
from sety_dashboard.events.log import last_seq
from sety_dashboard.ui import live
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.state.muster import MusterState
from sety_dashboard.ui.viewmodels.visitor_rows import (
    CODE_LIMIT,
    EMERGENCIES_TOPIC,
    LOG_LIMIT,
    VISITORS_TOPIC,
    CodeRow,
    InsideRow,
    LogRow,
    StatCards,
    code_row,
    inside_row,
    log_row,
    same_site,
    start_of_day,
    stat_cards,
)

VISIT_EVENTS = ("access.checked_in", "access.checked_out", "access.checkout_undone")
# Seconds a check-out can be undone from the board (the domain's window).
UNDO_S = int(service.UNDO_CHECKOUT.total_seconds())
# The site picker's value for "every site".
ALL_SITES = "__all__"
# The site list offers the sites of visits in this many past days.
SITES_FROM_DAYS = 90


@dataclass
class Changes:
    """What the board reads again after an access event (and on load)."""

    log: list[dict[str, Any]]
    log_total: int
    codes: list[dict[str, Any]]
    stats: dict[str, Any]


def _read_changes(session: Any, site: str, q: str) -> Changes:
    now = clock.now()
    filters = service.LogFilters(site=site or None, since=start_of_day(now, local_zone()),
                                 q=q or None)
    logs, total = service.list_logs(session, filters=filters, page=1, limit=LOG_LIMIT)
    live_codes, _ = codes.list_codes(session, statuses=["active"], site=site or None, q=None,
                                     page=1, limit=CODE_LIMIT, include_siteless=True)
    stats = access_stats(session, since=filters.since, until=None, site=site or None)
    return Changes([log_view(r) for r in logs], total, [code_view(c, now) for c in live_codes],
                   stats)


def _changes(site: str, q: str) -> Changes:
    with read_session() as session:
        return _read_changes(session, site, q)


def _read_all(site: str, q: str) -> tuple[int, list[str], list[dict[str, Any]], Changes, int]:
    with read_session() as session:
        seq = last_seq(session)  # first: anything up to here is in what follows
        now = clock.now()
        sites = service.known_sites(session, since=now - timedelta(days=SITES_FROM_DAYS))
        inside = [current_view(r, now) for r in service.current_visitors(session,
                                                                         site=site or None)]
        return seq, sites, inside, _read_changes(session, site, q), open_sos_count(session)


def _expected_out(log_id: str) -> str:
    """When a visit turns into an overstay (the check-in event carries the
    AccessLog, which does not say)."""
    with read_session() as session:
        return current_view(service.get_log(session, log_id), clock.now())["expected_out_at"] or ""


def _desk_site(user_id: str) -> str | None:
    with read_session() as session:
        return desk.desk_site(session, user_id)


def _sos_count() -> int:
    with read_session() as session:
        return open_sos_count(session)


def _export(site: str, q: str) -> tuple[str, int]:
    with read_session() as session:
        filters = service.LogFilters(site=site or None,
                                     since=start_of_day(clock.now(), local_zone()), q=q or None)
        rows = service.all_logs(session, filters=filters)
        return logs_csv((log_view(r) for r in rows), local_zone()), len(rows)


class VisitorsState(AuthState):
    """One tab's visitor board."""

    loaded: bool = False
    # The site this user's desk stands in (kept on the server, per user).
    desk_site: str = ""
    # A front desk that has not chosen its site yet is asked to first.
    needs_site: bool = False
    # Supervisors and admins may look at every site; a front desk sees its own.
    see_all: bool = False
    # The site shown ("" = every site).
    site: str = ""
    sites: list[str] = []
    inside: list[InsideRow] = []
    log_rows: list[LogRow] = []
    log_total: int = 0
    search: str = ""
    live_codes: list[CodeRow] = []
    stats: StatCards = StatCards()
    sos_open: int = 0
    # Times are shown in the desk's time zone (SETY_TIMEZONE).
    tz: str = "UTC"
    busy_id: str = ""
    # The code a revoke is being confirmed for ("" = no dialog).
    revoke_id: str = ""
    revoke_label: str = ""
    desk_error: str = ""
    # The check-out that can still be undone (for UNDO_S seconds).
    undo_id: str = ""
    undo_name: str = ""
    undo_turn: int = 0

    _seq: int = 0

    def _set_changes(self, changes: Changes) -> None:
        log_rows = [log_row(v) for v in changes.log]
        if log_rows != self.log_rows:
            self.log_rows = log_rows
        if changes.log_total != self.log_total:
            self.log_total = changes.log_total
        now_iso = iso(clock.now()) or ""
        live_codes = [code_row(v, now_iso) for v in changes.codes]
        if live_codes != self.live_codes:
            self.live_codes = live_codes
        cards = stat_cards(changes.stats)
        if cards != self.stats:
            self.stats = cards

    async def _load_all(self) -> None:
        seq, sites, inside, changes, sos = await asyncio.to_thread(_read_all, self.site,
                                                                   self.search.strip())
        self._seq = seq
        if self.site and all(s.casefold() != self.site.casefold() for s in sites):
            sites = sorted([*sites, self.site], key=str.casefold)
        self.sites = sites
        self.inside = [inside_row(v) for v in inside]
        self._set_changes(changes)
        self.sos_open = sos

    @rx.event
    async def load(self):
        self.loaded = False
        muster = await self.get_state(MusterState)
        actor = await self.admit(can_use_visitor_board)
        if actor is None:
            live.unwatch(self)
            muster.clear()
            return self.refused()
        self.tz = get_settings().timezone
        self.see_all = can_see_all_sites(actor.role)
        wanted = self.router.url.query_parameters.get("site")
        wanted = wanted.strip()[:200] if wanted is not None else None
        own = await asyncio.to_thread(_desk_site, actor.id)
        if wanted and not self.see_all and (own or "").casefold() != wanted.casefold():
            # A tablet bookmarked to its site (`/visitors?site=HQ`) sets its desk.
            own = await self._save_desk_site(wanted) or own
        self.desk_site = own or ""
        shown = desk.board_site(actor.role, own, wanted)
        self.needs_site = shown is None
        self.site = shown or ""
        # Watch first: an event committed while the board reads waits for
        # this handler and is then applied (or skipped by its seq).
        live.watch(self, VISITORS_TOPIC, EMERGENCIES_TOPIC)
        await self._load_all()
        if self.needs_site:
            muster.clear()
        else:
            await muster.show_site(self.site)
        self.loaded = True
        return None

    async def _save_desk_site(self, site: str) -> str | None:
        """Keep this desk's site on the server; the header shows it."""
        from sety_dashboard.ui.components.desk_site_label import DeskSiteState

        saved = await self.act(can_use_visitor_board, lambda s, a: desk.choose_desk_site(
            s, actor=a, site=site))
        if saved is None:
            self.desk_error = self.action_error
            return None
        self.desk_error = ""
        label = await self.get_state(DeskSiteState)
        label.desk_label = saved
        return saved

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        kind = str(envelope.get("type", ""))
        if kind == live.RELOAD:
            await self._load_all()
            return
        if int(envelope.get("seq") or 0) <= self._seq:
            return  # already in what the board read
        data = envelope.get("data") or {}
        if kind.startswith("incident."):
            sos = await asyncio.to_thread(_sos_count)
            if sos != self.sos_open:
                self.sos_open = sos
            return
        if kind in VISIT_EVENTS:
            if not same_site(data.get("site"), self.site):
                return
            await self._apply_visit(data)
        elif kind.startswith("access_code.") and data.get("site") and \
                not same_site(data.get("site"), self.site):
            return
        elif kind == "access.denied" and not same_site(data.get("site"), self.site):
            return
        self._set_changes(await asyncio.to_thread(_changes, self.site, self.search.strip()))

    async def _apply_visit(self, view: dict[str, Any]) -> None:
        """The inside-now list after this visit's check-in or check-out."""
        log_id = view.get("log_id")
        if view.get("status") != "checked_in":
            rest = [r for r in self.inside if r.log_id != log_id]
        elif any(r.log_id == log_id for r in self.inside):
            return  # already listed (this desk's own check-in, then its event)
        else:
            expected = view.get("expected_out_at") or await asyncio.to_thread(
                _expected_out, view["log_id"])
            rest = [inside_row({**view, "expected_out_at": expected}), *self.inside]
        if rest != self.inside:
            self.inside = rest

    # -- the site and the search ---------------------------------------------------

    async def _may_see(self) -> bool:
        """Checked before a handler reads visitor data (a browser can send
        any event, whatever the page offers)."""
        actor = await self.current_actor()
        return actor is not None and can_use_visitor_board(actor.role)

    @rx.event
    async def choose_site(self, value: str):
        """Show another site. A front desk moves its desk there (kept on the
        server); a supervisor only looks (kept in the address)."""
        return await self._choose(value)

    async def _choose(self, value: str) -> Any:
        if not await self._may_see():
            return self.refused()
        site = "" if value == ALL_SITES else " ".join(value.split())[:200]
        if not self.see_all:
            saved = await self._save_desk_site(site)
            if saved is None:
                return None
            self.desk_site = site = saved
        self.needs_site = False
        self.site = site
        await self._load_all()
        muster = await self.get_state(MusterState)
        await muster.show_site(site)
        url = "/visitors" + (f"?site={urllib.parse.quote(site)}" if site and self.see_all
                             else "")
        # The address follows without a navigation (which would load again).
        return rx.call_script(f"window.history.replaceState(null, '', {json.dumps(url)})")

    @rx.event
    def clear_desk_error(self, _value: str = ""):
        if self.desk_error:
            self.desk_error = ""

    @rx.event
    async def submit_desk_site(self, form: dict[str, Any]):
        """The first choice of this desk's site (a name typed or picked)."""
        return await self._choose(str(form.get("site") or ""))

    @rx.event
    async def set_search(self, value: str):
        if not await self._may_see():
            return self.refused()
        self.search = value[:200]
        self._set_changes(await asyncio.to_thread(_changes, self.site, self.search.strip()))
        return None

    # -- actions -------------------------------------------------------------------

    @rx.event
    async def check_out(self, log_id: str):
        self.busy_id = log_id
        view = await self.act(can_use_visitor_board, lambda s, a: log_view(service.check_out(
            s, log_id=log_id, request=CheckoutRequest(), actor=a)))
        self.busy_id = ""
        if view is None:
            await self._load_all()  # e.g. another desk checked them out first
            return self.refused()
        await self._apply_visit(view)
        self.undo_id, self.undo_name = log_id, view["visitor_name"]
        self.undo_turn += 1
        # The browser's own timer takes the Undo bar away (no server tick).
        return rx.call_script(
            f"setTimeout(() => {{ const b = document.getElementById('undo-dismiss'); "
            f"if (b && b.dataset.turn === '{self.undo_turn}') b.click(); }}, {UNDO_S * 1000})")

    @rx.event
    def dismiss_undo(self, turn: int):
        if turn == self.undo_turn:
            self.undo_id = self.undo_name = ""

    @rx.event
    async def undo_check_out(self):
        log_id, self.undo_id = self.undo_id, ""
        if not log_id:
            return None
        view = await self.act(can_use_visitor_board, lambda s, a: log_view(
            service.undo_check_out(s, log_id=log_id, actor=a)))
        if view is None:
            return self.refused()
        await self._apply_visit(view)
        self._set_changes(await asyncio.to_thread(_changes, self.site, self.search.strip()))
        return rx.toast.success(f"{view['visitor_name']} is checked in again")

    @rx.event
    def ask_revoke(self, code_id: str):
        row = next((c for c in self.live_codes if c.code_id == code_id), None)
        if row is not None:
            self.revoke_id = code_id
            self.revoke_label = f"{row.code} — {row.visitor_name}"

    @rx.event
    def close_revoke(self, is_open: bool = False):
        if not is_open:
            self.revoke_id = ""

    @rx.event
    async def revoke(self):
        code_id = self.revoke_id
        self.revoke_id = ""
        if not code_id:
            return None
        view = await self.act(can_use_visitor_board, lambda s, a: code_view(
            codes.revoke_code(s, code_id=code_id, actor=a), clock.now()))
        if view is None:
            return self.refused()
        self.live_codes = [c for c in self.live_codes if c.code_id != code_id]
        return rx.toast.success(f"Code {view['code']} revoked")

    @rx.event
    async def export_csv(self):
        """The log as shown (today, this site, this search) as a CSV file."""
        if not await self._may_see():
            return self.refused()
        body, _ = await asyncio.to_thread(_export, self.site, self.search.strip())
        day = start_of_day(clock.now(), local_zone()).date().isoformat()
        place = "".join(ch if ch.isalnum() else "-" for ch in (self.site or "all-sites")).lower()
        return rx.download(data=body, filename=f"visitors-{place}-{day}.csv",
                           mime_type="text/csv")
