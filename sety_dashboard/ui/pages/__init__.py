"""Every dashboard page, added to the app in one place."""

from __future__ import annotations

import reflex as rx


def _shell() -> rx.Component:
    return rx.center(rx.vstack(rx.heading("Sety"), rx.text("Safety operations"), align="center"),
                     height="100vh")


def register_pages(app: rx.App) -> None:
    app.add_page(_shell, route="/", title="Sety")
