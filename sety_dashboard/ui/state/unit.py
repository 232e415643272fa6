"""The responder page (`/me`): one unit's assignments on its phone.

`load` admits a `responder` user, reads the unit's active assignments
(`domain/responders/duty.py`, which refuses anyone else's) and watches the
topic `unit:<rsp_…>`; every incident event that names this unit among its
responders updates the cards live. A new assignment (one this page had not
seen) rings and vibrates (`alert_seq`). Each action sends the step the
button showed, so a double tap or a click replayed after a reconnect does
nothing twice.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from sety_dashboard.core.db import read_session
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import Forbidden
from sety_dashboard.domain.incidents.read_model import incident_view
from sety_dashboard.domain.responders import duty
from sety_dashboard.domain.responders.service import RESPONDER_NOTICE, get_responder
from sety_dashboard.domain.users.permissions import is_responder
from sety_dashboard.ui import live
from sety_dashboard.ui.state.auth import AuthState
from sety_dashboard.ui.viewmodels.unit_cards import (
    UnitCard,
    card_for,
    format_distance,
    my_assignment_ids,
)

UNIT_TOPIC = "unit:"
# The page reports the phone's position this often while sharing (ms).
SHARE_EVERY_MS = 15_000


def unit_topics(data: dict[str, Any]) -> list[str]:
    return [UNIT_TOPIC + str((a.get("responder") or {}).get("responder_id"))
            for a in data.get("responders") or []]


live.add_topic_rule("incident.", unit_topics)
# The unit's own roster entry changed (a dispatcher set it off duty, or its
# position was stored): its page follows.
live.add_topic_rule(RESPONDER_NOTICE, lambda data: [UNIT_TOPIC + str(data.get("responder_id"))])


def _read(actor: Actor, wanted: str) -> dict[str, Any]:
    """The unit's assignments, its roster entry, and (for a deep link) why
    the wanted assignment is not among them."""
    with read_session() as session:
        rows = duty.my_assignments(session, actor)
        me = get_responder(session, duty.unit_of(actor))
        problem = ""
        if wanted and wanted not in {r["assignment_id"] for r in rows}:
            try:
                duty.own_assignment(session, actor, wanted)
                problem = "That assignment is finished (released, or the incident was closed)."
            except Forbidden:
                problem = "That assignment is not yours: it is not shown."
        return {"rows": rows, "name": me.name, "on_duty": me.on_duty,
                "pos": (me.lat, me.lng) if me.lat is not None else None, "problem": problem}


class UnitState(AuthState):
    loaded: bool = False
    unit_name: str = ""
    on_duty: bool = True
    cards: list[UnitCard] = []
    # The deep link (?assignment=) could not be shown, and why.
    link_problem: str = ""
    # Bumped for each new assignment: the phone rings and vibrates.
    alert_seq: int = 0
    alert_text: str = ""
    # The action in flight ("<assignment>:<step>"); its button spins and
    # the others wait.
    busy: str = ""
    # The open small form on the top card: "", "release", "note", "backup".
    form: str = ""
    # Location sharing: the unit's consent, kept on this phone.
    share: str = rx.LocalStorage("0", name="sety_share_location")
    share_status: str = "off"
    last_fix_at: str = ""

    _unit: str = ""
    _user_ref: str = ""
    _seen: list[str] = []
    _pos: list[float] = []

    # -- loading and live ---------------------------------------------------------

    @rx.event
    async def load(self):
        self.loaded = False
        actor = await self.admit(is_responder)
        if actor is None:
            live.unwatch(self)
            return self.refused()
        wanted = self.router.url.query_parameters.get("assignment", "")
        data = await asyncio.to_thread(_read, actor, wanted)
        self._unit = actor.responder_id or ""
        self._user_ref = actor.ref
        self.unit_name = data["name"]
        self.on_duty = data["on_duty"]
        self._pos = list(data["pos"]) if data["pos"] else []
        cards = [c for c in (card_for(r["incident"], r["assignment_id"], r["distance_m"],
                                      self._user_ref) for r in data["rows"]) if c]
        if wanted:
            cards.sort(key=lambda c: c.assignment_id != wanted)  # the linked one on top
        self.cards = cards
        self._seen = [c.assignment_id for c in cards]
        self.link_problem = data["problem"]
        self.form = ""
        self.loaded = True
        live.watch(self, UNIT_TOPIC + self._unit)
        return None

    def _clear_page(self) -> None:
        self.loaded = False
        self.cards = []
        self.alert_text = ""

    def _distance(self, card: UnitCard) -> float | None:
        if len(self._pos) != 2:
            return None
        return duty.distance_between(self._pos[0], self._pos[1], card.lat, card.lng)

    def _apply(self, view: dict[str, Any], announce: bool) -> None:
        """Put this incident's assignments of the unit into the cards."""
        ids = my_assignment_ids(view, self._unit)
        if not ids:
            return
        by_id = {c.assignment_id: c for c in self.cards}
        for asg_id in ids:
            card = card_for(view, asg_id, None, self._user_ref)
            if card is None:
                by_id.pop(asg_id, None)
                continue
            card.distance = format_distance(self._distance(card))
            if asg_id not in self._seen:
                self._seen = self._seen + [asg_id]
                if announce and not card.accepted:
                    self.alert_seq += 1
                    self.alert_text = f"New assignment: {card.title}"
            by_id[asg_id] = card
        top = self.cards[0].assignment_id if self.cards else ""
        fresh = sorted(by_id.values(), key=lambda c: c.assigned_at, reverse=True)
        # The card the unit is working on stays on top; a newer one goes
        # under it until that one is done (the alert says it came in).
        fresh.sort(key=lambda c: c.assignment_id != top)
        self.cards = fresh

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        if envelope.get("type") == live.RELOAD:
            return  # the next load re-reads; a push here would be a guess
        view = envelope.get("data") or {}
        if envelope.get("type") == RESPONDER_NOTICE:
            if view.get("responder_id") == self._unit and bool(view.get("on_duty")) != self.on_duty:
                self.on_duty = bool(view.get("on_duty"))
        elif view.get("incident_id"):
            self._apply(view, announce=True)

    # -- actions (one per click) --------------------------------------------------

    def _top(self, assignment_id: str) -> UnitCard | None:
        return next((c for c in self.cards if c.assignment_id == assignment_id), None)

    async def _do(self, assignment_id: str, key: str, work, done: str):
        self.busy = f"{assignment_id}:{key}"
        yield
        view = await self.act(is_responder, lambda s, a: incident_view(s, work(s, a)))
        self.busy = ""
        if view is None:
            yield self.refused()
            return
        self.form = ""
        self._apply(view, announce=False)
        yield rx.toast.success(done)

    @rx.event
    async def accept(self, assignment_id: str):
        card = self._top(assignment_id)
        if self.busy or card is None or card.accepted:
            return  # a second tap, or already accepted from another screen
        async for out in self._do(assignment_id, "accept", lambda s, a: duty.accept(
                s, assignment_id=assignment_id, actor=a), "Accepted: the dispatcher sees it"):
            yield out
        if (done := self._top(assignment_id)) is not None and done.accepted:
            self.alert_text = ""  # the new assignment was seen to

    @rx.event
    async def advance(self, assignment_id: str, from_status: str, to_status: str):
        card = self._top(assignment_id)
        if self.busy or card is None or card.status != from_status:
            return  # this step was already taken
        async for out in self._do(assignment_id, to_status, lambda s, a: duty.advance(
                s, assignment_id=assignment_id, status=to_status, note=None, actor=a),
                f"{to_status.replace('_', ' ').capitalize()}: the dispatcher sees it"):
            yield out

    @rx.event
    def open_form(self, name: str):
        self.form = "" if self.form == name else name
        self._clear_error()

    @rx.event
    async def submit_release(self, form: dict[str, Any]):
        assignment_id, reason = str(form.get("assignment_id", "")), str(form.get("reason", ""))
        if self.busy or self._top(assignment_id) is None:
            return
        async for out in self._do(assignment_id, "released", lambda s, a: duty.advance(
                s, assignment_id=assignment_id, status="released", note=reason, actor=a),
                "Released"):
            yield out

    @rx.event
    async def submit_note(self, form: dict[str, Any]):
        assignment_id, message = str(form.get("assignment_id", "")), str(form.get("message", ""))
        if self.busy or self._top(assignment_id) is None:
            return
        if not message.strip():
            self.action_error = "Write the note first."
            yield rx.toast.error(self.action_error)
            return
        async for out in self._do(assignment_id, "note", lambda s, a: duty.add_note(
                s, assignment_id=assignment_id, message=message.strip(), actor=a),
                "Note added"):
            yield out

    @rx.event
    async def submit_backup(self, form: dict[str, Any]):
        assignment_id, reason = str(form.get("assignment_id", "")), str(form.get("reason", ""))
        if self.busy or self._top(assignment_id) is None:
            return
        async for out in self._do(assignment_id, "backup", lambda s, a: duty.request_backup(
                s, assignment_id=assignment_id, reason=reason, actor=a),
                "Backup requested: the dispatch board is alerted"):
            yield out

    # -- location --------------------------------------------------------------

    @rx.event
    def set_share(self, value: bool):
        self.share = "1" if value else "0"

    @rx.event
    def set_share_status(self, status: str):
        if status != self.share_status:
            self.share_status = status

    @rx.event
    async def report_position(self, lat: float, lng: float, accuracy: int = 0):
        """A fix from the phone (only while the unit consents and is on duty)."""
        if self.share != "1" or not self.on_duty:
            return None
        rsp = await self.act(is_responder, lambda s, a: duty.report_location(
            s, actor=a, lng=float(lng), lat=float(lat)).location_updated_at)
        if rsp is None:
            return self.refused()
        self._pos = [float(lat), float(lng)]
        self.last_fix_at = iso(rsp) or ""
        cards = list(self.cards)
        for card in cards:
            card.distance = format_distance(self._distance(card))
        self.cards = cards
        return None

    @rx.var
    def share_every_ms(self) -> int:
        return SHARE_EVERY_MS
