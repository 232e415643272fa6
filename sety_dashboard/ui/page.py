"""How a page describes itself, so that adding a page is one line in
`ui/pages/__init__.py`.

A page module defines `PAGE = Page(route=..., title=..., body=..., allowed=...,
on_load=...)`:

- `body` is a function returning the page's component (without the frame);
- `allowed` is a rule from `domain/users/permissions.py` (None = public,
  like the sign-in page, which also gets no frame);
- `frame` replaces the standard signed-in frame (`layout`), e.g. the
  responder page's slim phone frame;
- `on_load` is the page state's load handler. It must itself call
  `await self.admit(allowed)` first: that is the server-side guard. The
  `allowed` here only decides the frame and is documentation for readers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from sety_dashboard.ui.layout import layout


@dataclass(frozen=True)
class Page:
    route: str
    title: str
    body: Callable[[], rx.Component]
    allowed: Callable[[str | None], bool] | None
    on_load: Any = None
    # Another frame than the dashboard's (the responder's phone page has its own).
    frame: Callable[[rx.Component], rx.Component] | None = None
    # False: the page draws its own screen (a kiosk, a printable sheet); its
    # on_load still admits the user.
    framed: bool = True

    def add_to(self, app: rx.App) -> None:
        body = self.body
        frame = self.frame or layout
        framed = self.allowed is not None and self.framed
        component = (lambda: frame(body())) if framed else body
        app.add_page(component, route=self.route, title=f"{self.title} · Sety",
                     on_load=self.on_load)
