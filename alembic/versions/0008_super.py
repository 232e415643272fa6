"""supervisors: last sign-in, scheduled drills, shift handover notes

Revision ID: 0008_super
Revises: 0007_harden
"""
from alembic import op
import sqlalchemy as sa

from sety_dashboard.core.types import UTCDateTime

revision = "0008_super"
down_revision = "0007_harden"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_sign_in_at", UTCDateTime(), nullable=True))

    op.create_table(
        "scheduled_drills",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("template", sa.String(length=32), nullable=False),
        sa.Column("site", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("description", sa.String(length=5000), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_by_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("incident_id", sa.String(length=40), nullable=True),
        sa.Column("failure", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scheduled_drills_status_starts", "scheduled_drills",
                    ["status", "starts_at"], unique=False)

    op.create_table(
        "shift_notes",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("message", sa.String(length=5000), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shift_notes_created_at", "shift_notes", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_shift_notes_created_at", table_name="shift_notes")
    op.drop_table("shift_notes")
    op.drop_index("ix_scheduled_drills_status_starts", table_name="scheduled_drills")
    op.drop_table("scheduled_drills")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("last_sign_in_at")
