"""hardening: who set up each webhook endpoint, and dashboard sign-in attempts

Revision ID: 0007_harden
Revises: 0006_desk
"""
from alembic import op
import sqlalchemy as sa

from sety_dashboard.core.types import UTCDateTime

revision = "0007_harden"
down_revision = "0006_desk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The API key whose read scopes an endpoint's deliveries are checked
    # against (NULL: set up from the dashboard by an admin, or before 0005).
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_key_id", sa.String(length=40), nullable=True))

    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sign_in_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_sign_in_attempts_email_at", ["email", "at"], unique=False)
        batch_op.create_index("ix_sign_in_attempts_client_at", ["client", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.drop_column("owner_key_id")
