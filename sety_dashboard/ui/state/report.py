"""What the report pages share (analytics, shift handover, trends): a page
admitted for one role that computes its figures from the database when it
opens and when a chooser changes, and — for the live ones — again on
incident events, at most once per `_recompute_every_s()` whatever the rate
of events.

A mixin, not a parent state: in Reflex a parent's vars are shared by all its
substates, and each page needs its own `loaded`. A page defines `_compute`
(read and set its vars).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx

from sety_dashboard.ui import live
from sety_dashboard.ui.state.board import BOARD_TOPIC


class Report(rx.State, mixin=True):
    loaded: bool = False
    _computed_at: float = 0.0

    async def _compute(self) -> None:
        raise NotImplementedError

    def _recompute_every_s(self) -> float:
        return 5.0

    async def _refresh(self) -> None:
        await self._compute()
        self._computed_at = time.monotonic()

    async def _open(self, rule: Callable[..., bool], *, follow_board: bool) -> Any:
        """The page's load: admit for `rule`, compute, then (`follow_board`)
        recompute on the board's incident events."""
        self.loaded = False
        if await self.admit(rule) is None:
            if follow_board:
                live.unwatch(self)
            return self.refused()
        await self._refresh()
        self.loaded = True
        if follow_board:
            live.watch(self, BOARD_TOPIC)
        return None

    async def _choose(self, name: str, value: Any, options: Sequence[str]) -> None:
        """A chooser changed: keep `value` if it is one of `options` (else
        the first) and compute again."""
        setattr(self, name, value if value in options else options[0])
        await self._refresh()

    async def _on_live(self, envelope: dict[str, Any]) -> None:
        if time.monotonic() - self._computed_at >= self._recompute_every_s():
            await self._refresh()
