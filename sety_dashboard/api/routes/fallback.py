"""Unknown /v1 paths answer 404, wrong methods 405, both with the error body.

Without this, an unknown /v1 path would fall through to the dashboard's
router and answer in its format. Which methods a path allows is read from
the OpenAPI schema (`method_table`), which the edge guard also uses
for `OPTIONS` and unknown methods.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from sety_dashboard.api.errors import error_response

_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def _path_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    pattern = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{pattern}/?$")


def method_table(app: FastAPI) -> Callable[[str], set[str]]:
    """path → the methods its documented routes answer (read from the OpenAPI
    schema, the one list of every route; HEAD and OPTIONS are implied)."""
    table: list[tuple[re.Pattern[str], int, set[str]]] = []

    def allowed_methods(path: str) -> set[str]:
        if not table:
            for template, ops in app.openapi().get("paths", {}).items():
                table.append((_path_regex(template), template.count("{"),
                              {m.upper() for m in ops}))
        # As in routing, a literal path (/access-codes/validate) wins over a
        # template that would also match it (/access-codes/{code_id}).
        matched = [(params, methods) for regex, params, methods in table if regex.match(path)]
        fewest = min((params for params, _ in matched), default=0)
        return set().union(*(methods for params, methods in matched if params == fewest))

    return allowed_methods


def install_fallback(app: FastAPI, prefix: str = "/v1") -> None:
    allowed_methods = method_table(app)

    async def fallback(request: Request, rest: str) -> JSONResponse:
        allowed = allowed_methods(request.url.path)
        if allowed:
            allowed |= {"OPTIONS"} | ({"HEAD"} if "GET" in allowed else set())
            return error_response(
                request, 405, "method_not_allowed",
                f"{request.method} is not allowed on {request.url.path}; "
                f"allowed: {', '.join(sorted(allowed))}",
                headers={"Allow": ", ".join(sorted(allowed))})
        return error_response(request, 404, "not_found", f"no such path: {request.url.path}")

    app.add_api_route(prefix + "/{rest:path}", fallback, methods=_METHODS,
                      include_in_schema=False)
