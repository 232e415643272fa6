"""desk sites: the site each front-desk user's desk stands in

Revision ID: 0006_desk
Revises: 0005_resp
"""
from alembic import op
import sqlalchemy as sa

from sety_dashboard.core.types import UTCDateTime

revision = "0006_desk"
down_revision = "0005_resp"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_sites",
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("site", sa.String(length=200), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("desk_sites")
