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
        # The frame's heartbeat reruns the page's on_load after a lost
        # connection comes back, so whatever happened meanwhile is shown.
        reload = self.on_load
        frame = self.frame
        if self.allowed is None or not self.framed:
            component = body
        elif frame is not None:
            component = lambda: frame(body())  # noqa: E731
        else:
            component = lambda: layout(body(), reload)  # noqa: E731
        # The alert bell prefixes "(N) " while N incidents wait.
        app.add_page(component, route=self.route, title=f"Sety — {self.title}",
                     on_load=self.on_load)
