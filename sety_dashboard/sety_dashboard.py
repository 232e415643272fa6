"""The Reflex app: the dashboard pages, with the /v1 API mounted in the same backend."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.api.app import create_api
from sety_dashboard.api.guard import whole_app_path_guard
from sety_dashboard.core import duties
from sety_dashboard.ui.live import run_live_bridge
from sety_dashboard.ui.pages import register_pages
from sety_dashboard.workers.registry import Duty
from sety_dashboard.workers.registry import duties as background_duties


class SetyApp(rx.App):
    """Reflex's app, with the API's path guard around the whole backend (see
    `whole_app_path_guard`: Reflex's top-level router answers some paths
    before the API app could)."""

    def __call__(self):  # noqa: ANN204 - Reflex's own signature
        return whole_app_path_guard(super().__call__())


# The theme (dark by default, light on request) is set in rxconfig.py.
app = SetyApp(api_transformer=create_api(), stylesheets=["/sety.css"])
register_pages(app)
# The workers' duties, and the UI's own: the bridge from the bus to this
# process's dashboard tabs (registered here so that workers/ never imports ui/).
# Declared first, so /v1/ready answers 503 until each has started.
for duty in [*background_duties(), Duty("live_bridge", "none", run_live_bridge)]:
    duties.declare(duty.name, duty.guard)
    app.register_lifespan_task(duty.task)
