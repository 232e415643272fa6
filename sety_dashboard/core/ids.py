"""Opaque ids: a prefix, `_`, and 16 lowercase letters/digits."""

from __future__ import annotations

import random
import re
import string

_ALPHABET = string.ascii_lowercase + string.digits
PREFIXES = {
    "incident": "inc", "event": "evt", "assignment": "asg", "responder": "rsp",
    "access_log": "acl", "access_code": "acc", "api_key": "key", "webhook": "whk",
    "delivery": "dlv", "zone": "zone", "safe_zone": "sz", "user": "usr", "request": "req",
    "session": "ses",
}
_ID_RE = re.compile(r"^[a-z]+_[a-z0-9]{16}$")


_SPACE = len(_ALPHABET) ** 16
# The OS's randomness (what `secrets` uses), through our own instance.
_RANDOM = random.SystemRandom()


def new_id(prefix: str) -> str:
    # One draw from the OS for the whole id (16 base-36 digits, uniform), not
    # one per character: a create makes three ids, and sixteen urandom calls
    # each showed as 5 % of a loaded server's profile.
    n = _RANDOM.randrange(_SPACE)
    digits = []
    for _ in range(16):
        n, d = divmod(n, 36)
        digits.append(_ALPHABET[d])
    return prefix + "_" + "".join(digits)


def looks_like_id(value: str, prefix: str) -> bool:
    return value.startswith(prefix + "_") and bool(_ID_RE.match(value))
