"""The entrance kiosk (`/kiosk`): a tablet signed in as the desk, where a
visitor types their access code on a large keypad.

Every check-in is the access service the desk and the API use, at the
desk's site: a refused code is recorded (`access.denied`) and told to the
visitor in words; an accepted one shows a welcome with the host's name and
a badge to print. Either screen goes back to the keypad after a few
seconds by a timer in the browser. Leaving the kiosk needs the desk's
password (a visitor cannot wander into the visitor board).
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from sqlalchemy.orm import Session

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.access import desk, service
from sety_dashboard.domain.access.inputs import PRESENTED_MAX, CheckInRequest
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import DomainError
from sety_dashboard.domain.users import service as users
from sety_dashboard.domain.users.models import User
from sety_dashboard.domain.users.permissions import can_use_visitor_board
from sety_dashboard.ui.state.auth import AuthState

# Seconds the welcome or refusal stays before the keypad comes back.
BACK_AFTER_S = 8


def _desk_site(user_id: str) -> str:
    with read_session() as session:
        return desk.desk_site(session, user_id) or ""


def _password_ok(user_id: str, password: str) -> bool:
    """The desk's own password, checked like a sign-in (and its session
    thrown away at once)."""
    with write_session() as session:
        user = session.get(User, user_id)
        if user is None:
            return False
        try:
            _, token = users.sign_in(session, email=user.email, password=password)
        except DomainError:
            return False
        session.flush()
        users.sign_out(session, token)
        return True


class KioskState(AuthState):
    site: str = ""
    ready: bool = False
    entered: str = ""
    # "keypad", "welcome" or "refused".
    screen: str = "keypad"
    busy: bool = False
    visitor_name: str = ""
    host_name: str = ""
    log_id: str = ""
    refusal: str = ""
    refusal_reason: str = ""
    # Which welcome/refusal a browser timer belongs to (an old timer must
    # not send a newer visitor's screen away).
    turn: int = 0
    exit_open: bool = False
    exit_error: str = ""

    @rx.event
    async def load(self):
        self.ready = False
        actor = await self.admit(can_use_visitor_board)
        if actor is None:
            return self.refused()
        self.site = await asyncio.to_thread(_desk_site, actor.id)
        self._back_to_keypad()
        self.ready = True
        return None

    def _back_to_keypad(self) -> None:
        self.screen, self.entered, self.refusal, self.refusal_reason = "keypad", "", "", ""
        self.visitor_name = self.host_name = self.log_id = ""

    @rx.event
    def press(self, key: str):
        if self.screen == "keypad" and len(self.entered) < 12:
            self.entered += key

    @rx.event
    def back_space(self):
        self.entered = self.entered[:-1]

    @rx.event
    def set_entered(self, value: str):
        self.entered = "".join(ch for ch in value if ch.isalnum())[:12].upper()

    @rx.event
    def keypad_again(self, turn: int):
        if turn == self.turn:
            self._back_to_keypad()

    def _timer(self) -> Any:
        """Back to the keypad in a few seconds: the browser's timer presses
        this screen's own "Done" button, if it is still showing."""
        script = (f"setTimeout(() => {{ const b = document.getElementById('kiosk-done'); "
                  f"if (b && b.dataset.turn === '{self.turn}') b.click(); }}, "
                  f"{BACK_AFTER_S * 1000})")
        return rx.call_script(script)

    @rx.event
    async def submit(self):
        code = self.entered.strip()
        if not code or self.busy or self.screen != "keypad" or not self.site:
            return
        site = self.site
        self.busy = True
        yield

        def work(session: Session, actor: Actor) -> tuple[dict[str, Any] | None, str]:
            outcome = service.check_in(session, actor=actor, request=CheckInRequest(
                access_code=code[:PRESENTED_MAX], site=site))
            if outcome.log is None:
                return None, outcome.reason
            log = outcome.log
            return {"log_id": log.id, "name": log.visitor_name, "host": log.host_name or ""}, "ok"

        result = await self.act(can_use_visitor_board, work)
        self.busy = False
        self.turn += 1
        if result is None:
            # Signed out, or something the visitor cannot fix: ask the desk.
            self.screen, self.refusal_reason = "refused", "error"
            self.refusal = "Please ask at the front desk."
            yield self.refused() if not self.signed_in else self._timer()
            return
        visit, reason = result
        if visit is None:
            self.screen, self.refusal_reason = "refused", reason
            self.refusal = desk.kiosk_refusal(reason)
        else:
            self.screen = "welcome"
            self.visitor_name, self.host_name, self.log_id = (visit["name"], visit["host"],
                                                              visit["log_id"])
        self.entered = ""
        yield self._timer()

    # -- leaving the kiosk ------------------------------------------------------

    @rx.event
    def ask_exit(self):
        self.exit_open, self.exit_error = True, ""

    @rx.event
    def close_exit(self, is_open: bool = False):
        if not is_open:
            self.exit_open = False

    @rx.event
    async def exit_kiosk(self, form: dict[str, Any]):
        password = str(form.get("password") or "")
        if not self.user_id or not await asyncio.to_thread(_password_ok, self.user_id,
                                                           password):
            self.exit_error = "That is not the desk's password."
            return None
        self.exit_open = False
        return rx.redirect("/visitors")
