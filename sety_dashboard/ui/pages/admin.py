"""Admin (`/admin`, admins only): users, API keys, safe zones, SLA policies.

Each section is a component (`ui/components/admin_*.py`, `sla_policies.py`)
with its own state and load handler (`ui/state/admin_*.py`, `sla_admin.py`);
`AdminState.load` admits admins once and loads them all; every action checks
the role again on the server. The webhook endpoints section (built on branch
`stream`) is one more tab here: add it to `TABS` and its state to
`AdminState`'s sections (or its guarded load handler to `on_load`).
"""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import is_admin
from sety_dashboard.ui.components.admin_keys import keys_section
from sety_dashboard.ui.components.admin_users import users_section
from sety_dashboard.ui.components.admin_zones import zones_section
from sety_dashboard.ui.components.sla_policies import sla_section
from sety_dashboard.ui.layout import loading_panel
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.admin import AdminState

# (value, label, icon, section)
TABS = (
    ("users", "Users", "users", users_section),
    ("keys", "API keys", "key-round", keys_section),
    ("zones", "Safe zones", "shield-plus", zones_section),
    ("sla", "SLA policies", "timer", sla_section),
)


def admin_body() -> rx.Component:
    return rx.vstack(
        rx.heading("Admin", size="6"),
        rx.cond(
            AdminState.loaded,
            rx.tabs.root(
                rx.tabs.list(*[rx.tabs.trigger(rx.hstack(rx.icon(icon, size=14), label,
                                                         align="center", spacing="1"),
                                               value=value, id=f"admin-tab-{value}")
                               for value, label, icon, _ in TABS]),
                *[rx.tabs.content(rx.box(section(), padding_top="16px"), value=value)
                  for value, _, _, section in TABS],
                default_value="users", width="100%"),
            loading_panel(),
        ),
        spacing="4", padding="16px 24px", width="100%", max_width="1400px",
    )


PAGE = Page(route="/admin", title="Admin", body=admin_body, allowed=is_admin,
            on_load=AdminState.load)
