"""Every table, imported in one place so SQLModel.metadata is complete
(Alembic's autogenerate and the tests read it from here)."""

from sqlmodel import SQLModel

from sety_dashboard.domain.access.models import (  # noqa: F401
    AccessCode,
    AccessDenial,
    AccessLog,
    MusterMark,
)
from sety_dashboard.domain.incidents.drill_models import ScheduledDrill, ShiftNote  # noqa: F401
from sety_dashboard.domain.incidents.models import Assignment, Incident, TimelineEntry  # noqa: F401
from sety_dashboard.domain.incidents.sla import SlaPolicy  # noqa: F401
from sety_dashboard.domain.keys.models import ApiKey  # noqa: F401
from sety_dashboard.domain.responders.models import Responder  # noqa: F401
from sety_dashboard.domain.threat.models import SafeZone  # noqa: F401
from sety_dashboard.domain.users.models import SignInAttempt, User, UserSession  # noqa: F401
from sety_dashboard.events.models import EventCounter, EventRecord  # noqa: F401
from sety_dashboard.webhooks.models import WebhookCursor, WebhookDelivery, WebhookEndpoint  # noqa: F401

metadata = SQLModel.metadata
