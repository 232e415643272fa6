"""Opaque ids: a prefix, `_`, and 16 lowercase letters/digits."""

from __future__ import annotations

import re
import secrets
import string

_ALPHABET = string.ascii_lowercase + string.digits
PREFIXES = {
    "incident": "inc", "event": "evt", "assignment": "asg", "responder": "rsp",
    "access_log": "acl", "access_code": "acc", "api_key": "key", "webhook": "whk",
    "delivery": "dlv", "zone": "zone", "safe_zone": "sz", "user": "usr", "request": "req",
    "session": "ses",
}
_ID_RE = re.compile(r"^[a-z]+_[a-z0-9]{16}$")


def new_id(prefix: str) -> str:
    return prefix + "_" + "".join(secrets.choice(_ALPHABET) for _ in range(16))


def looks_like_id(value: str, prefix: str) -> bool:
    return value.startswith(prefix + "_") and bool(_ID_RE.match(value))
