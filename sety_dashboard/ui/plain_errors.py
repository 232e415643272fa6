"""Refusals in the words of the person at the screen: never a validator's
wording ("Value error, …", "String should have at most 200 characters",
`valid_until`). The domain decides; this module only says it plainly.

`plain_error(exc)` is what `AuthState.act` shows for every refused action
on every page.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from sety_dashboard.domain.errors import DomainError

# Field names as a form labels them.
FIELD_LABELS = {
    "visitor_name": "Visitor", "visitor_phone": "Phone", "visitor_email": "Email",
    "host_name": "Host", "purpose": "Purpose", "site": "Site", "notes": "Notes",
    "valid_from": "Valid from", "valid_until": "Valid until", "max_uses": "Uses",
    "code": "Code", "access_code": "Access code", "message": "Message", "author": "Name",
    "email": "Email", "password": "Password", "url": "Address", "events": "Events",
    "description": "Description", "name": "Name", "radius_m": "Radius",
}
_PREFIXES = ("Value error, ", "Assertion failed, ")
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def field_label(field: str) -> str:
    last = field.rsplit(".", 1)[-1]
    return FIELD_LABELS.get(last, last.replace("_", " ").capitalize())


def sentence(text: str) -> str:
    """Field names in a message become words; first letter capital, one
    full stop."""
    text = _SNAKE.sub(lambda m: field_label(m.group(0)).lower(), text.strip())
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _pydantic_issue(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    msg = str(err.get("msg", ""))
    for prefix in _PREFIXES:
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if kind == "missing":
        return "is needed"
    if kind in ("string_too_long", "too_long"):
        return f"is too long (at most {ctx.get('max_length', '')} characters)"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty" if ctx.get("min_length") == 1 else \
            f"is too short (at least {ctx.get('min_length', '')} characters)"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt', ''))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt', ''))}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind in ("float_parsing", "float_type"):
        return "must be a number"
    if kind.startswith("datetime") or kind.startswith("date_"):
        return "must be a date and time"
    if kind == "extra_forbidden":
        return "is not something this form takes"
    if kind in ("literal_error", "enum"):
        return "is not one of the choices"
    if kind == "value_error" and "email" in msg.lower():
        return "is not a valid email address"
    return msg


def plain_error(exc: Exception) -> str:
    """One refusal as a sentence (several field problems joined)."""
    if isinstance(exc, DomainError):
        return sentence(exc.message)
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err.get("loc", ()))
            label = field_label(field) if field else "This"
            issue = _pydantic_issue(dict(err))
            # A validator that names its field already ("phone must be …").
            words = issue.split(" ", 1)
            if len(words) == 2 and words[0].lower() in (label.lower(), field.lower(),
                                                        field.rsplit(".", 1)[-1].lower()):
                issue = words[1]
            parts.append(sentence(f"{label} {issue}"))
        return " ".join(parts)
    return "Something went wrong on the server; the action was not saved. Try again."
