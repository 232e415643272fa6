"""Fuzz every operation of /openapi.json (except the WebSocket stream) with
schemathesis, positive and negative data, every check, on a fresh database.

Bounded and seeded (`deterministic`, FUZZ_EXAMPLES per operation and mode)
so it runs the same way in CI within about two minutes. It must end with no
server error and no response that breaks the schema. The SSRF guard stays
on: webhook URLs it invents are refused when saved and never called.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.generation import GenerationMode

from sety_dashboard.api.app import create_api
from sety_dashboard.core import duties
from sety_dashboard.core.settings import get_settings, reset_settings
from tests.conftest import BACKENDS

FUZZ_EXAMPLES = int(os.environ.get("SETY_FUZZ_EXAMPLES", "6"))
# One database per run, to stay within about two minutes: PostgreSQL when the
# run has it (stricter about NUL and ranges), else SQLite.
FUZZ_BACKEND = "postgresql" if "postgresql" in BACKENDS else BACKENDS[0]

schema = schemathesis.openapi.from_asgi("/openapi.json", create_api())
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                max_examples=FUZZ_EXAMPLES, deterministic=True)
# The coverage phase (every boundary value and unexpected method of every
# parameter) takes several minutes; the bounded CI run keeps the examples
# and fuzzing phases. SETY_FUZZ_COVERAGE=1 adds it for a deeper run.
schema.config.phases.coverage.enabled = os.environ.get("SETY_FUZZ_COVERAGE") == "1"
schema = schema.exclude(path="/v1/stream")


@pytest.fixture
def fuzz_key(db, make_key, monkeypatch) -> Iterator[str]:
    # The fuzzer sends more than a person would: lift the per-key budget, but
    # never the SSRF guard.
    monkeypatch.setenv("SETY_RATE_LIMIT_PER_MIN", "1000000")
    monkeypatch.delenv("SETY_WEBHOOK_ALLOW_PRIVATE", raising=False)
    reset_settings()
    assert get_settings().webhook_allow_private is False
    # The API here runs without the app's lifespan, so no background duty ever
    # starts and /v1/ready would rightly say 503; fuzz it as a started process.
    duties.declare("fuzz_process", "none")
    duties.mark_started("fuzz_process")
    yield make_key("admin")
    duties.reset()


# Rules that tie several values together (or depend on the clock or DNS) cannot
# be written in JSON Schema; the API description lists them
# (api/app.py, CROSS_FIELD_RULES). A schema-valid request may be refused only
# for one of these, and only with this field and issue.
CROSS_FIELD = {
    ("since", "invalid"), ("since", "after_until"),  # since must be before until
    ("bbox", "conflict"),          # either bbox, or lat and lng
    ("bbox", "invalid"),           # min below max
    ("bbox", "out_of_range"),      # within the world
    ("lat", "required"), ("lng", "required"),  # danger zones: bbox or lat+lng
    ("path", "invalid"), ("path", "too_long"),  # route: not one place, at most 500 km
    ("idempotency_key", "mismatch"),  # header and body key differ
    ("visitor_email", "invalid"), ("subject.email", "invalid"),  # reserved email domains
    ("visitor_name", "required"),  # a walk-in needs a name
    ("bbox", "required"),          # danger zones: bbox, or lat and lng
    ("valid_until", "before_valid_from"), ("valid_until", "in_past"),  # order, clock
    ("code", "already_in_use"),    # a custom access code someone else holds
    ("expires_at", "in_past"),     # expiry in the future (clock)
    ("url", "invalid"), ("url", "private_address"), ("url", "unresolvable"),  # SSRF guard
    ("since", "out_of_range"), ("until", "out_of_range"), ("at", "out_of_range"),
    ("departure_at", "out_of_range"), ("valid_from", "out_of_range"),
    ("valid_until", "out_of_range"), ("expires_at", "out_of_range"),  # year after the offset
}
_ACCEPTED = {401, 403, 404, 409, 429}


def positive_data_accepted(ctx, response, case) -> None:
    """positive_data_acceptance, except for the documented cross-field rules."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    status = response.status_code
    if status < 400 or status in _ACCEPTED:
        return
    if status == 422:
        details = response.json()["error"]["details"]
        if details and all((d["field"], d["issue"]) in CROSS_FIELD for d in details):
            return
    raise AssertionError(f"schema-valid request refused with {status}: {response.text[:500]}")


@schema.parametrize()
@pytest.mark.parametrize("db", [FUZZ_BACKEND], indirect=True)
@settings(deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_openapi_fuzz(case, fuzz_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_key}"},
                           excluded_checks=[positive_data_acceptance],
                           additional_checks=[positive_data_accepted])
