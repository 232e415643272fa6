"""threat intelligence: safe zones, covering indexes for area and time queries

The seven one-column h3 indexes of 0001 give way to one covering index led by
h3_r8 (coarser cells are derived from h3_r11): fewer B-trees to update on
every incident write, and area queries that never read the table.

Revision ID: 0003_threat
Revises: 0002_access
"""
from alembic import op
import sqlalchemy as sa

from sety_dashboard.core.types import UTCDateTime

revision = "0003_threat"
down_revision = "0002_access"
branch_labels = None
depends_on = None

# Area queries (heatmap, zones, scores, routes): seek by resolution-8 cell and
# time, and read everything else from the index itself.
AREA_INDEX = ("ix_incidents_threat_area",
              ["h3_r8", "created_at", "is_drill", "severity", "category", "h3_r11", "lat", "lng"])
# Whole-data-set queries (the baseline, very large boxes): seek by time.
TIME_INDEX = ("ix_incidents_threat_time",
              ["is_drill", "created_at", "severity", "category", "h3_r11"])


H3_RESOLUTIONS = range(5, 12)


def upgrade() -> None:
    op.create_table(
        "safe_zones",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("open_24h", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("safe_zones", schema=None) as batch_op:
        batch_op.create_index("ix_safe_zones_lat_lng", ["lat", "lng"], unique=False)
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for res in H3_RESOLUTIONS:
            batch_op.drop_index(f"ix_incidents_h3_r{res}")
        batch_op.create_index(AREA_INDEX[0], AREA_INDEX[1], unique=False)
        batch_op.create_index(TIME_INDEX[0], TIME_INDEX[1], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(TIME_INDEX[0])
        batch_op.drop_index(AREA_INDEX[0])
        for res in H3_RESOLUTIONS:
            batch_op.create_index(f"ix_incidents_h3_r{res}", [f"h3_r{res}"], unique=False)
    with op.batch_alter_table("safe_zones", schema=None) as batch_op:
        batch_op.drop_index("ix_safe_zones_lat_lng")
    op.drop_table("safe_zones")
