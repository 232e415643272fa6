"""Webhook fixtures: settings from the environment, a live receiver."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sety_dashboard.core.settings import reset_settings
from tests.webhooks.receiver import Receiver


@pytest.fixture
def settings_env(monkeypatch) -> Iterator[Any]:
    def set_(**values: Any) -> None:
        for k, v in values.items():
            monkeypatch.setenv(f"SETY_{k.upper()}", str(v))
        reset_settings()
    yield set_
    reset_settings()


@pytest.fixture
def allow_private(settings_env) -> None:
    settings_env(webhook_allow_private=1)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r
