"""SLA policies (`/sla`, supervisors and admins). Admins also find the same
section on the admin page."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.domain.users.permissions import can_manage_sla
from sety_dashboard.ui.components.sla_policies import sla_section
from sety_dashboard.ui.page import Page
from sety_dashboard.ui.state.sla_admin import SlaState


def sla_body() -> rx.Component:
    return rx.box(sla_section(), padding="16px 24px", width="100%", max_width="1100px")


PAGE = Page(route="/sla", title="SLA policies", body=sla_body, allowed=can_manage_sla,
            on_load=SlaState.load)
