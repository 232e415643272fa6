"""The visitor board's forms: check a visitor in (the access code checked as
it is typed) and issue an access code (shown large, to read out).

Every action is the access domain service the API calls, run through
`AuthState.act` (role checked on the server, one transaction). A refused
code is not an error of the form: its denial is saved, and the desk is told
why in the words the domain uses.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import reflex as rx

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session
from sety_dashboard.core.localtime import local_zone
from sety_dashboard.core.timefmt import iso
from sety_dashboard.domain.access import codes, service
from sety_dashboard.domain.access.inputs import (
    PRESENTED_MAX,
    CheckInRequest,
    CreateAccessCodeRequest,
)
from sety_dashboard.domain.access.read_model import code_view, log_view
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.users.permissions import can_use_visitor_board
from sety_dashboard.ui.state.auth import describe_error
from sety_dashboard.ui.state.visitors import VisitorsState
from sety_dashboard.ui.viewmodels.visitor_rows import (
    REASON_LABELS,
    CodeRow,
    code_fits_site,
    code_row,
    local_input_to_utc,
)

CHECKIN_FIELDS = ("checkin-code", "checkin-name", "checkin-phone", "checkin-host",
                  "checkin-purpose", "checkin-notes")
ISSUE_FIELDS = ("issue-name", "issue-phone", "issue-host", "issue-purpose", "issue-from",
                "issue-custom")
ISSUE_DEFAULTS = (("issue-hours", "8"), ("issue-uses", "1"))
DEFAULT_HOURS = "8"
# The domain's refusals of the issue form, in the form's own terms ("Valid
# for", not valid_until). Everything else is `plain_errors`' wording.
ISSUE_WORDS = {
    ("valid_until", "before_valid_from"): "Valid for must be more than 0 hours.",
    ("valid_until", "too_long"): f"A code can be valid for at most {codes.MAX_VALIDITY.days} "
                                 f"days ({codes.MAX_VALIDITY.days * 24:,} hours).",
    ("valid_until", "in_past"): "That window is already over: choose a later start.",
}


def _text(form: dict[str, Any], key: str, limit: int = 5000) -> str | None:
    value = str(form.get(key) or "").strip()
    return value[:limit] or None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _validate(presented: str, site: str | None) -> tuple[str, str, dict[str, Any] | None]:
    with read_session() as session:
        verdict = codes.validate_code(session, presented, site)
        view = code_view(verdict.code, clock.now()) if verdict.code else None
        return verdict.reason, codes.refusal_message(verdict.reason, verdict.code), view


def _hint(view: dict[str, Any] | None) -> str:
    """Whom the code was issued for, so the desk can compare with the person."""
    if not view:
        return ""
    parts = [view.get("visitor_name") or ""]
    if view.get("host_name"):
        parts.append(f"host {view['host_name']}")
    if view.get("site"):
        parts.append(view["site"])
    parts.append(f"{view.get('uses', 0)} of {view.get('max_uses', 1)} uses")
    return " · ".join(p for p in parts if p)


class DeskState(VisitorsState):
    """The check-in and issue-code forms of one visitor board."""

    # Check in. The site picker is used only when the board shows every site.
    ci_site: str = ""
    code_reason: str = ""
    code_label: str = ""
    code_message: str = ""
    code_hint: str = ""
    checkin_error: str = ""
    checkin_reason: str = ""
    checkin_busy: bool = False
    # Issue a code.
    ic_site: str = ""
    issue_error: str = ""
    issue_busy: bool = False
    issued: CodeRow = CodeRow()
    issued_open: bool = False

    def _form_refused(self) -> Any:
        """A refused form says why next to its button (no toast as well);
        a signed-out browser still goes to the sign-in page."""
        return self.refused() if not self.signed_in else None

    def _clear_code_status(self) -> None:
        self.code_reason = self.code_label = self.code_message = self.code_hint = ""

    @rx.event
    def set_ci_site(self, value: str):
        self.ci_site = "" if value == "__none__" else value

    @rx.event
    def set_ic_site(self, value: str):
        self.ic_site = "" if value == "__none__" else value

    @rx.event
    async def check_code(self, value: str):
        """As the code is typed: would it admit someone here now? (Uses nothing.)"""
        if not await self._may_see():
            return self.refused()
        presented = value.strip()
        self.checkin_error = self.checkin_reason = ""
        if not presented:
            self._clear_code_status()
            return None
        reason, message, view = await asyncio.to_thread(
            _validate, presented[:PRESENTED_MAX],
            (self.site or self.ci_site or self.desk_site) or None)
        self.code_reason = reason
        self.code_label = REASON_LABELS.get(reason, reason)
        self.code_message = _sentence(message)
        self.code_hint = _hint(view) if reason != "not_found" else ""
        return None

    @rx.event
    async def submit_check_in(self, form: dict[str, Any]):
        code = _text(form, "access_code", PRESENTED_MAX)
        site = self.site or self.ci_site or self.desk_site or None
        fields = {"visitor_name": _text(form, "visitor_name", 200), "access_code": code,
                  "visitor_phone": _text(form, "visitor_phone", 32),
                  "host_name": _text(form, "host_name", 200),
                  "purpose": _text(form, "purpose", 200), "site": site,
                  "notes": _text(form, "notes")}
        if not code and not fields["visitor_name"]:
            self.checkin_error = "Enter the visitor's name, or their access code."
            self.checkin_reason = ""
            return

        def work(session: Any, actor: Any) -> tuple[dict[str, Any] | None, str, str]:
            outcome = service.check_in(session, request=CheckInRequest(**fields), actor=actor)
            view = log_view(outcome.log) if outcome.log is not None else None
            return view, outcome.reason, outcome.message

        self.checkin_busy = True
        yield
        result = await self.act(can_use_visitor_board, work)
        self.checkin_busy = False
        if result is None:
            self.checkin_error, self.checkin_reason = self.action_error, ""
            yield self._form_refused()
            return
        view, reason, message = result
        if view is None:
            # Refused: the denial is saved; the desk reads out why.
            self.checkin_error = _sentence(message)
            self.checkin_reason = reason
            self.code_reason, self.code_label = reason, REASON_LABELS.get(reason, reason)
            self.code_message = self.checkin_error
            return
        self.checkin_error = self.checkin_reason = ""
        self._clear_code_status()
        await self._apply_visit(view)
        yield [rx.set_value(f, "") for f in CHECKIN_FIELDS]
        yield rx.toast.success(f"{view['visitor_name']} checked in")

    @rx.event
    def clear_checkin_error(self, _value: str = ""):
        """An error goes as soon as the person changes a field."""
        if self.checkin_error:
            self.checkin_error = self.checkin_reason = ""

    @rx.event
    def clear_issue_error(self, _value: str = ""):
        if self.issue_error:
            self.issue_error = ""

    @rx.event
    async def submit_issue(self, form: dict[str, Any]):
        zone = local_zone()
        try:
            starts = local_input_to_utc(str(form.get("valid_from") or ""), zone)
        except ValueError:
            self.issue_error = "Valid from must be a date and time."
            return None
        try:
            hours = float(str(form.get("hours") or DEFAULT_HOURS))
            uses = int(str(form.get("max_uses") or "1"))
        except ValueError:
            self.issue_error = "Valid for (hours) and uses must be numbers."
            return None
        base = starts or clock.now()
        try:
            until = iso(base + timedelta(hours=hours))
        except OverflowError:
            self.issue_error = ISSUE_WORDS[("valid_until", "too_long")]
            return None
        fields = {"visitor_name": _text(form, "visitor_name", 200) or "",
                  "visitor_phone": _text(form, "visitor_phone", 32),
                  "host_name": _text(form, "host_name", 200), "purpose": _text(form, "purpose", 200),
                  "site": self.site or self.ic_site or self.desk_site or None,
                  "valid_from": iso(starts) if starts else None,
                  "valid_until": until, "max_uses": uses,
                  "code": _text(form, "code", 12)}

        def work(session: Any, actor: Any) -> dict[str, Any] | ValidationFailed:
            # The domain decides the window (366 days at most); a refusal of
            # it is worded for this form's fields.
            try:
                return code_view(codes.create_code(
                    session, request=CreateAccessCodeRequest(**fields), actor=actor),
                    clock.now())
            except ValidationFailed as exc:
                return exc

        self.issue_busy = True
        view = await self.act(can_use_visitor_board, work)
        self.issue_busy = False
        if isinstance(view, ValidationFailed):
            key = next(((d.get("field"), d.get("issue")) for d in view.details), None)
            self.issue_error = ISSUE_WORDS.get(key) or describe_error(view)
            return None
        if view is None:
            self.issue_error = self.action_error
            return self._form_refused()
        self.issue_error = ""
        row = code_row(view, iso(clock.now()) or "")
        self.issued = row
        self.issued_open = True
        if code_fits_site(row.site, self.site):
            self.live_codes = [row] + [c for c in self.live_codes if c.code_id != row.code_id]
        return [*(rx.set_value(f, "") for f in ISSUE_FIELDS),
                *(rx.set_value(f, v) for f, v in ISSUE_DEFAULTS)]

    @rx.event
    def close_issued(self, is_open: bool = False):
        if not is_open:
            self.issued_open = False

    @rx.event
    async def use_issued(self):
        """Check the visitor in with the code just issued (fills the form)."""
        code = self.issued.code
        self.issued_open = False
        return [rx.set_value("checkin-code", code), rx.set_focus("checkin-code"),
                DeskState.check_code(code)]

    @rx.event
    def revoke_issued(self):
        self.issued_open = False
        self.revoke_id = self.issued.code_id
        self.revoke_label = f"{self.issued.code} — {self.issued.visitor_name}"
