"""responders in the loop: user ↔ roster link, accept / backup on assignments,
when a responder's location was last reported

Revision ID: 0005_resp
Revises: 0004_webhooks
"""
from alembic import op
import sqlalchemy as sa

from sety_dashboard.core.types import UTCDateTime

revision = "0005_resp"
down_revision = "0004_webhooks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("responder_id", sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_responder_id"), ["responder_id"], unique=False)
    with op.batch_alter_table("incident_assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("backup_requested_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("responders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("location_updated_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("responders", schema=None) as batch_op:
        batch_op.drop_column("location_updated_at")
    with op.batch_alter_table("incident_assignments", schema=None) as batch_op:
        batch_op.drop_column("backup_requested_at")
        batch_op.drop_column("accepted_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_responder_id"))
        batch_op.drop_column("responder_id")
