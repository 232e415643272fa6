"""Every dashboard page, added to the app in one place.

To add a page: write `ui/pages/<name>.py` defining `PAGE = Page(...)` (see
`ui/page.py`) and add its module name below — one line.
"""

from __future__ import annotations

import importlib

import reflex as rx

PAGE_MODULES = (
    "signin",
    "board",
    "incident_detail",
    "visitors",
    "analytics",
    "admin",
    "threat",
    "sla",
    "me",
    "rollcall",
    "kiosk",
    "badge",
    "not_found",
    "drills",
    "trends",
    "handover",
)


def register_pages(app: rx.App) -> None:
    for name in PAGE_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        module.PAGE.add_to(app)
