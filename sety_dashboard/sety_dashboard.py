"""The Reflex app: the dashboard pages, with the /v1 API mounted in the same backend."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.api.app import create_api
from sety_dashboard.ui.pages import register_pages
from sety_dashboard.workers.registry import background_tasks

# The theme (dark by default, light on request) is set in rxconfig.py.
app = rx.App(api_transformer=create_api(), stylesheets=["/sety.css"])
register_pages(app)
for task in background_tasks():
    app.register_lifespan_task(task)
