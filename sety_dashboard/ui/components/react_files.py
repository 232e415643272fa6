"""Our own React files (`*.jsx` beside the Python module that wraps them).

`rx.asset(..., shared=True)` copies a file into the build under the module
that names it, so a React file that imports another of ours (`./ticker.jsx`)
finds it only if that module names the imported file too. `react_module`
does both in one call, so a wrapper states every file its component needs.
"""

from __future__ import annotations

import reflex as rx


def react_module(file: str, *imports: str) -> str:
    """The import path of `file`, with the files it imports copied beside it."""
    # _stack_level=2: the files belong to the module that calls this function.
    for name in imports:
        rx.asset(name, shared=True, _stack_level=2)
    return rx.asset(file, shared=True, _stack_level=2).importable_path
