"""webhook endpoints and deliveries

Revision ID: 0004_webhooks
Revises: 0003_threat
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0004_webhooks"
down_revision = "0003_threat"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
