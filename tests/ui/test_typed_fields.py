"""The one setter event the dashboard's forms share (ui/state/fields.py)."""

from __future__ import annotations

from types import SimpleNamespace

from sety_dashboard.ui.state.fields import set_typed


def test_sets_a_listed_field_with_a_value_of_its_type() -> None:
    state = SimpleNamespace(note_text="", show_heat=True)
    assert set_typed(state, ("note_text", "show_heat"), "note_text", "on my way")
    assert set_typed(state, ("note_text", "show_heat"), "show_heat", False)
    assert state.note_text == "on my way" and state.show_heat is False


def test_refuses_an_unlisted_field_or_a_value_of_another_type() -> None:
    state = SimpleNamespace(note_text="", token="secret", show_heat=True)
    assert not set_typed(state, ("note_text", "show_heat"), "token", "forged")
    assert not set_typed(state, ("note_text", "show_heat"), "note_text", ["a", "list"])
    assert not set_typed(state, ("note_text", "show_heat"), "show_heat", "yes")
    assert state == SimpleNamespace(note_text="", token="secret", show_heat=True)
