"""threat intelligence (safe zones)

Revision ID: 0003_threat
Revises: 0002_access
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_threat"
down_revision = "0002_access"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
