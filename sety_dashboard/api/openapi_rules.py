"""Make /openapi.json state the input rules the server checks everywhere.

Field-level rules (lengths, enums, ranges, patterns) come from the request
models. Two rules hold for every string and are added here, in one place:
no NUL character (`api/guard.py` for the query, `StrictModel` for bodies),
written as a pattern on every string that has none of its own (patterned
strings exclude NUL in their own pattern). Rules that tie several values
together are listed in the API description (CROSS_FIELD_RULES).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

NO_NUL = "^[^\\u0000]*$"

CROSS_FIELD_RULES = """
Rules that span several values (JSON Schema cannot state them; each is a 422
`validation_error` naming the field):
- `since` must be before `until`; `valid_until` after `valid_from` and in the future;
  an API key's `expires_at` in the future.
- Timestamps: years 1970–2999 once converted to UTC (the schema's pattern states the
  safe inner range 1971–2998 as written); never a bare number.
- Danger zones take either `bbox` or `lat` and `lng`; a `bbox` has min below max.
- A route's points must not all be the same place, and it is at most 500 km long.
- Email addresses must use a deliverable domain (not `.test`, `.invalid`, …).
- A check-in without `access_code` needs `visitor_name`.
- The `Idempotency-Key` header and body `idempotency_key`, if both given, are equal.
- A webhook URL must resolve to a public address (SSRF guard); a custom access code
  must not be held by another active code.
- No string may contain a NUL character; strings are trimmed before length checks.
"""


def _walk(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and "pattern" not in node and "enum" not in node \
                and "format" not in node and "const" not in node:
            node["pattern"] = NO_NUL
        for value in node.values():
            _walk(value)
    elif isinstance(node, list):
        for value in node:
            _walk(value)


def state_input_rules(app: FastAPI) -> None:
    """Wrap app.openapi so the generated schema carries the shared string rules."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            _walk(schema.get("components", {}))
            for path in schema.get("paths", {}).values():
                for op in path.values():
                    if isinstance(op, dict):
                        _walk(op.get("parameters", []))
                        _walk(op.get("requestBody", {}))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
