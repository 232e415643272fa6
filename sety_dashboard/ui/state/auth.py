"""Who is signed in, checked on the server for every page load and every action.

The browser keeps only an opaque session token (localStorage). Each time a
page loads or a handler acts, the token is looked up in the database
(`domain.users.service.user_for_token`): an expired or revoked session, or a
role that may not do the thing, is refused there, whatever the browser
shows or sends. What each role may do lives in `domain/users/permissions.py`.

Page states inherit from `AuthState` (so they share the token) and call:

- `await self.admit(permissions.can_dispatch)` at the top of their `on_load`
  handler: the user as an `Actor`, or None, and then the handler returns
  `self.refused()` (the sign-in page, or the "not allowed" panel) and loads
  nothing;
- `await self.act(permissions.can_dispatch, work)` in a handler that changes
  something: `work(session, actor)` runs in one write transaction in a
  worker thread; a refusal (role, expired session, or the domain saying no)
  returns None with the reason in words in `action_error`, and the handler
  returns `self.refused()` (a toast, or the sign-in page).
"""

from __future__ import annotations

import asyncio
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import reflex as rx
from pydantic import ValidationError
from sqlalchemy.orm import Session

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.core.settings import get_settings
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import AlreadyDone, DomainError, Unauthorized
from sety_dashboard.domain.users import permissions
from sety_dashboard.domain.users.service import (
    active_tokens,
    refresh_due,
    refresh_session,
    sign_out,
    user_actor,
    user_for_token,
)
from sety_dashboard.domain.users.throttle import SignInThrottled, sign_in_throttled
from sety_dashboard.ui import live
from sety_dashboard.ui.plain_errors import plain_error

T = TypeVar("T")
Permission = Callable[[str | None], bool]

SIGN_IN_ROUTE = "/signin"
ROLE_LABELS = {"dispatcher": "Dispatcher", "front_desk": "Front desk",
               "supervisor": "Supervisor", "admin": "Admin", "responder": "Responder"}


# App-wide states (the frame's alert banner) that must be fresh on every page:
# `admit` — which every page's on_load calls — runs these with the user.
AdmitHook = Callable[["AuthState", Actor | None], Awaitable[None]]
_admit_hooks: list[AdmitHook] = []
# Submitted actions by (tab, client id) → their result, or PENDING while the
# first copy runs: the same submission arriving again (double click, resend
# after a reconnect) acts once. Kept per worker process, bounded (oldest go).
DONE_KEPT = 20_000
PENDING = object()
_done: OrderedDict[tuple[str, str], Any] = OrderedDict()
_done_lock = threading.Lock()


def _claim(key: tuple[str, str]) -> tuple[bool, Any]:
    """(True, None) when this submission is new (now marked pending), else
    (False, its result — None while the first copy is still running)."""
    with _done_lock:
        if key in _done:
            found = _done[key]
            return False, None if found is PENDING else found
        _done[key] = PENDING
        while len(_done) > DONE_KEPT:
            _done.popitem(last=False)
        return True, None


def _settle(key: tuple[str, str], result: Any) -> None:
    with _done_lock:
        if result is PENDING:
            _done.pop(key, None)  # refused: the same form may be sent again
        else:
            _done[key] = result


def on_admit(hook: AdmitHook) -> None:
    if hook not in _admit_hooks:
        _admit_hooks.append(hook)


def home_for(role: str | None) -> str:
    """The first page a role lands on after signing in."""
    if permissions.can_dispatch(role):
        return "/"
    if permissions.can_use_visitor_board(role):
        return "/visitors"
    if permissions.is_responder(role):
        return "/me"
    return SIGN_IN_ROUTE


def describe_error(exc: Exception) -> str:
    """A refusal in words a dispatcher understands (never a stack trace,
    never a validator's wording): see `ui/plain_errors.py`."""
    return plain_error(exc)


def _lookup(token: str) -> Actor | None:
    """The session's user; slides the session's expiry when that is due."""
    with read_session() as session:
        user = user_for_token(session, token)
        due = user is not None and refresh_due(session, token)
    if due:
        with write_session() as session:
            refresh_session(session, token)
    return user_actor(user) if user is not None else None


def _run_write(work: Callable[[Session, Actor], T], actor: Actor) -> T:
    with write_session() as session:
        return work(session, actor)


class AuthState(rx.State):
    """The signed-in user of this browser tab, as the server last checked it."""

    # The session token, shared by the tabs of this browser.
    token: str = rx.LocalStorage("", name="sety_session", sync=True)
    user_id: str = ""
    user_name: str = ""
    user_role: str = ""
    # Set when the page just loaded is not for this role.
    access_denied: bool = False
    # Set when the server ended this tab's session while it was open.
    session_ended: bool = False
    # The last refusal of an action, shown next to the controls.
    action_error: str = ""
    # The last "someone already did it" answer: information, not an error.
    action_notice: str = ""
    # Sign-in form.
    signin_error: str = ""
    signin_busy: bool = False
    signin_notice: str = ""
    # Map tiles for pages with a map (SETY_MAP_TILE_URL).
    map_tile_url: str = ""
    map_attribution: str = ""
    # Clock times are shown in the site's zone (SETY_TIMEZONE).
    timezone: str = "UTC"

    @rx.var
    def signed_in(self) -> bool:
        return self.user_role != ""

    @rx.var
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.user_role, "")

    @rx.var
    def nav_items(self) -> list[dict[str, str]]:
        """The pages this role may open, in menu order."""
        role = self.user_role
        items = [
            ("Dispatch", "/", "siren", permissions.can_dispatch),
            ("Visitors", "/visitors", "id-card", permissions.can_use_visitor_board),
            ("Threat map", "/threat", "map", permissions.can_see_threat_map),
            ("Analytics", "/analytics", "chart-column", permissions.can_see_analytics),
            ("SLA", "/sla", "timer", permissions.can_manage_sla),
            ("Drills", "/drills", "flask-conical", permissions.can_start_drills),
            ("Trends", "/trends", "trending-up", permissions.can_see_analytics),
            ("Handover", "/handover", "clipboard-list", permissions.can_dispatch),
            ("Admin", "/admin", "shield", permissions.is_admin),
            ("My assignment", "/me", "radio", permissions.is_responder),
        ]
        return [{"label": label, "href": href, "icon": icon}
                for label, href, icon, allowed in items if allowed(role)]

    # -- the checks every page and action goes through -------------------------

    def _set_user(self, actor: Actor | None) -> None:
        # Assign only what changed: an assigned var is sent to the browser.
        user_id, name = (actor.id, actor.name) if actor else ("", "")
        role = (actor.role or "") if actor else ""
        if (self.user_id, self.user_name, self.user_role) != (user_id, name, role):
            self.user_id, self.user_name, self.user_role = user_id, name, role

    async def _on_signed_out(self) -> None:
        """The live bridge found this tab's session ended: show nothing more."""
        self._set_user(None)
        self.session_ended = True
        self._clear_page()

    def _clear_page(self) -> None:
        """Page states drop what they show (called when the session ended)."""

    def _clear_error(self) -> None:
        if self.action_error:
            self.action_error = ""

    async def current_actor(self) -> Actor | None:
        """The signed-in user, read from the database now (None when signed out)."""
        if not self.token:
            self._set_user(None)
            return None
        actor = await asyncio.to_thread(_lookup, self.token)
        self._set_user(actor)
        if actor is not None and self.session_ended:
            self.session_ended = False
        return actor

    def _to_sign_in(self) -> Any:
        path = self.router.url.path or "/"
        if path in ("/", SIGN_IN_ROUTE):
            return rx.redirect(SIGN_IN_ROUTE)
        return rx.redirect(f"{SIGN_IN_ROUTE}?next={urllib.parse.quote(path)}")

    async def admit(self, allowed: Permission | None) -> Actor | None:
        """Page guard for `on_load`: the user, when the role may open this page.

        Refused → None; the handler then returns `self.refused()` and loads
        nothing. A signed-out (or expired) browser is sent to the sign-in
        page; a signed-in user whose role may not see the page gets the
        "not allowed" panel (`access_denied`).
        """
        had_token = bool(self.token)
        actor = await self.current_actor()
        self._clear_error()
        if self.access_denied:
            self.access_denied = False
        for hook in list(_admit_hooks):
            await hook(self, actor)
        if actor is None:
            if had_token:
                self.signin_notice = "Your session has ended; sign in again."
            return None
        settings = get_settings()
        if self.map_tile_url != settings.map_tile_url or self.timezone != settings.timezone:
            self.map_tile_url = settings.map_tile_url
            self.map_attribution = settings.map_attribution
            self.timezone = settings.timezone
        if allowed is not None and not allowed(actor.role):
            self.access_denied = True
            return None
        return actor

    def refused(self) -> Any:
        """What the browser is asked to do after `admit` or `act` refused."""
        if not self.signed_in:
            return self._to_sign_in()
        if self.action_notice:
            # One information notice, once (the same id replaces, not stacks).
            notice, self.action_notice = self.action_notice, ""
            return rx.toast.info(notice, id="sety-notice")
        if self.action_error:
            return rx.toast.error(self.action_error)
        return None

    async def act(self, allowed: Permission, work: Callable[[Session, Actor], T],
                  client_id: str | None = None) -> T | None:
        """Run one action as the signed-in user, if the role may.

        `work(session, actor)` runs in a worker thread inside one write
        transaction (the domain service writes the change and its event
        there) and must return something. Returns that, or None when the
        action was refused; the handler then returns `self.refused()` (a
        toast with `action_error`, or the sign-in page).

        `client_id` (made by the form when it opened) makes the action
        one-per-submission: the same id again returns the first result
        without acting (a double click on "Add note" adds one note), or
        None while the first copy is still running.
        """
        self._clear_error()
        if self.action_notice:
            self.action_notice = ""
        actor = await self.current_actor()
        if actor is None:
            self.signin_notice = "Your session has ended; sign in again."
            return None
        if not allowed(actor.role):
            label = ROLE_LABELS.get(actor.role or "", actor.role or "")
            self.action_error = f"Your role ({label}) is not allowed to do this."
            return None
        key = (self.router.session.client_token, client_id) if client_id else None
        if key is not None:
            new, earlier = _claim(key)
            if not new:
                return earlier
        result: Any = PENDING
        try:
            result = await asyncio.to_thread(_run_write, work, actor)
        except AlreadyDone as exc:
            self.action_notice = describe_error(exc)
            return None
        except (DomainError, ValidationError) as exc:
            self.action_error = describe_error(exc)
            return None
        finally:
            if key is not None:
                _settle(key, result)
        return result

    def submitted_before(self, client_id: str) -> bool:
        """This tab already sent (or is sending) this form."""
        with _done_lock:
            return bool(client_id) and (self.router.session.client_token, client_id) in _done

    async def _answered_once(self, busy: str, answered: str,
                            work: Callable[[], Awaitable[Any]]) -> AsyncIterator[Any]:
        """One submission of a dialog's form: its button shows it is working
        (`busy`) until the server has answered, and `answered` counts the
        answer, which clears the form's "sending" mark in the browser
        (client_id.jsx) whatever the outcome. Yields the updates to send;
        a handler passes them on with `async for u in ...: yield u`."""
        setattr(self, busy, True)
        yield None
        try:
            result = await work()
        finally:
            setattr(self, busy, False)
            setattr(self, answered, getattr(self, answered) + 1)
        if result is not None:
            yield result

    # -- sign in and out -------------------------------------------------------

    @rx.event
    async def submit_sign_in(self, form: dict[str, Any]):
        email = str(form.get("email", "")).strip()
        password = str(form.get("password", ""))
        if not email or not password:
            self.signin_error = "Enter your email and password."
            return
        self.signin_busy = True
        self.signin_error = ""
        yield
        client = self.router.session.client_ip or "unknown"
        try:
            user_token = await asyncio.to_thread(_sign_in, email, password, client)
        except SignInThrottled as exc:
            self.signin_busy = False
            self.signin_error = describe_error(exc)
            return
        except Unauthorized:
            self.signin_busy = False
            self.signin_error = "Wrong email or password."
            return
        actor, token = user_token
        self.token = token
        self._set_user(actor)
        self.signin_busy = False
        self.signin_notice = ""
        target = self.router.url.query_parameters.get("next") or home_for(actor.role)
        if not target.startswith("/") or target.startswith("//"):
            target = home_for(actor.role)  # never redirect off this site
        yield rx.redirect(target)

    @rx.event
    async def load_sign_in(self):
        """Sign-in page: a browser that is already signed in goes to its home."""
        actor = await self.current_actor()
        if actor is not None:
            return rx.redirect(home_for(actor.role))
        return None

    @rx.event
    async def sign_out(self):
        token = self.token
        if token:
            await asyncio.to_thread(_sign_out, token)
        self.token = ""
        self._set_user(None)
        self.signin_notice = "You are signed out."
        return rx.redirect(SIGN_IN_ROUTE)


def _active(tokens: list[str]) -> set[str]:
    with read_session() as session:
        return active_tokens(session, tokens)


live.set_session_checker(_active)


def _sign_in(email: str, password: str, client: str) -> tuple[Actor, str]:
    # The domain decides whether this email/address may try now (throttle.py).
    user, token = sign_in_throttled(email=email, password=password, client=client)
    return user_actor(user), token


def _sign_out(token: str) -> None:
    with write_session() as session:
        sign_out(session, token)
