"""What every admin section's state shares: its loaded flag, form error and
busy flag, read once `AdminState.load` has admitted an admin, dropped when
the session ends.

A mixin, not a parent state: in Reflex a parent's vars are shared by all
its substates, and each section needs its own `busy` and `form_error`.
A section defines `_read_section` (read its rows) and `_forget` (drop them).
"""

from __future__ import annotations

import reflex as rx


class AdminSection(rx.State, mixin=True):
    loaded: bool = False
    form_error: str = ""
    busy: bool = False

    async def _load(self) -> None:
        """Read the section (the caller has admitted the user)."""
        await self._read_section()
        self.loaded = True

    async def _read_section(self) -> None:
        raise NotImplementedError

    def _clear_page(self) -> None:
        self.loaded = False
        self._forget()

    def _forget(self) -> None:
        """Drop what the section shows (and any secret still on screen)."""
