"""access codes and visitor logs

Revision ID: 0002_access
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa

from sety_dashboard.core.types import UTCDateTime

revision = "0002_access"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_codes",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("code_key", sa.String(length=12), nullable=False),
        sa.Column("visitor_name", sa.String(length=200), nullable=False),
        sa.Column("visitor_phone", sa.String(length=32), nullable=True),
        sa.Column("visitor_email", sa.String(length=254), nullable=True),
        sa.Column("host_name", sa.String(length=200), nullable=True),
        sa.Column("purpose", sa.String(length=200), nullable=True),
        sa.Column("site", sa.String(length=200), nullable=True),
        sa.Column("valid_from", UTCDateTime(), nullable=False),
        sa.Column("valid_until", UTCDateTime(), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_access_codes_code_key", "access_codes", ["code_key"])
    op.create_index("ix_access_codes_created", "access_codes", ["created_at", "id"])
    op.create_index("ix_access_codes_site", "access_codes", ["site"])
    op.create_index("ix_access_codes_valid_until", "access_codes", ["valid_until"])

    op.create_table(
        "access_denials",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("code_id", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("site", sa.String(length=200), nullable=True),
        sa.Column("visitor_name", sa.String(length=200), nullable=True),
        sa.Column("attempted_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_access_denials_attempted_at", "access_denials", ["attempted_at"])
    op.create_index("ix_access_denials_site", "access_denials", ["site"])

    op.create_table(
        "access_logs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("visitor_name", sa.String(length=200), nullable=False),
        sa.Column("visitor_phone", sa.String(length=32), nullable=True),
        sa.Column("host_name", sa.String(length=200), nullable=True),
        sa.Column("purpose", sa.String(length=200), nullable=True),
        sa.Column("site", sa.String(length=200), nullable=True),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("code_id", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("check_in_at", UTCDateTime(), nullable=False),
        sa.Column("check_out_at", UTCDateTime(), nullable=True),
        sa.Column("duration_s", sa.Integer(), nullable=True),
        sa.Column("notes", sa.String(length=5000), nullable=True),
        sa.Column("overstay_at", UTCDateTime(), nullable=False),
        sa.Column("search_text", sa.String(length=1200), nullable=False),
        sa.Column("checked_in_by", sa.String(length=64), nullable=False),
        sa.Column("checked_in_by_name", sa.String(length=200), nullable=True),
        sa.Column("checked_out_by", sa.String(length=64), nullable=True),
        sa.Column("checked_out_by_name", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["code_id"], ["access_codes.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_access_logs_check_in", "access_logs", ["check_in_at", "id"])
    op.create_index("ix_access_logs_code_id", "access_logs", ["code_id"])
    op.create_index("ix_access_logs_site", "access_logs", ["site"])
    op.create_index("ix_access_logs_status_site", "access_logs", ["status", "site"])

    op.create_table(
        "muster_marks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("log_id", sa.String(length=40), nullable=False),
        sa.Column("marked_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_name", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"]),
        sa.ForeignKeyConstraint(["log_id"], ["access_logs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "log_id", name="uq_muster_mark"),
    )
    op.create_index("ix_muster_marks_incident_id", "muster_marks", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_muster_marks_incident_id", table_name="muster_marks")
    op.drop_table("muster_marks")
    for name in ("ix_access_logs_status_site", "ix_access_logs_site", "ix_access_logs_code_id",
                 "ix_access_logs_check_in"):
        op.drop_index(name, table_name="access_logs")
    op.drop_table("access_logs")
    for name in ("ix_access_denials_site", "ix_access_denials_attempted_at"):
        op.drop_index(name, table_name="access_denials")
    op.drop_table("access_denials")
    for name in ("ix_access_codes_valid_until", "ix_access_codes_site", "ix_access_codes_created",
                 "ix_access_codes_code_key"):
        op.drop_index(name, table_name="access_codes")
    op.drop_table("access_codes")
