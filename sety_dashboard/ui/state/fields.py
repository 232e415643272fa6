"""One event for the form fields that a state takes as they are typed.

Reflex no longer writes a setter per var, and a hand-written
`set_note_text(value): self.note_text = value` per field says nothing. A state
that mixes this in names its plain fields in `_typed_fields()`; a field wires
`on_change=S.set_field("note_text")`. The event is open to any browser, so
it sets only the listed vars and only with a value of the var's own type
(text stays text, a switch stays a bool). A field with a rule of its own
(trimmed, chosen from a list, re-reading the page) keeps its own event.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import reflex as rx


def set_typed(state: rx.State, allowed: Collection[str], name: str, value: Any) -> bool:
    """Set `state.<name>` if the name is allowed and the value has the var's
    type; says whether it did."""
    if name in allowed and isinstance(value, type(getattr(state, name))):
        setattr(state, name, value)
        return True
    return False


class TypedFields(rx.State, mixin=True):
    # A method, not a class attribute: Reflex would store an attribute in
    # every tab's state.
    def _typed_fields(self) -> Collection[str]:
        return ()

    @rx.event
    def set_field(self, name: str, value: Any):
        set_typed(self, self._typed_fields(), name, value)
