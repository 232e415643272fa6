"""The Reflex app: the dashboard pages, with the /v1 API mounted in the same backend."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.api.app import create_api
from sety_dashboard.ui.pages import register_pages
from sety_dashboard.workers.registry import background_tasks

app = rx.App(
    api_transformer=create_api(),
    theme=rx.theme(appearance="dark", accent_color="red", gray_color="slate", radius="small"),
)
register_pages(app)
for task in background_tasks():
    app.register_lifespan_task(task)
