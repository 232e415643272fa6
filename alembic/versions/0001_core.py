"""core: incidents, responders, keys, users, events

Revision ID: 0001_core
Revises:
"""
from alembic import op
import sqlalchemy as sa

from sety_dashboard.core.types import UTCDateTime


revision = '0001_core'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_keys',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('last_used_at', UTCDateTime(), nullable=True),
    sa.Column('expires_at', UTCDateTime(), nullable=True),
    sa.Column('revoked_at', UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_secret_hash'), ['secret_hash'], unique=True)

    op.create_table('event_counter',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_seq'), ['seq'], unique=True)
        batch_op.create_index(batch_op.f('ix_events_type'), ['type'], unique=False)

    op.create_table('incidents',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('idempotency_key', sa.String(length=255), nullable=True),
    sa.Column('request_hash', sa.String(length=64), nullable=True),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.JSON(), nullable=False),
    sa.Column('search_text', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=5000), nullable=True),
    sa.Column('lng', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('landmark', sa.String(length=500), nullable=True),
    sa.Column('site', sa.String(length=200), nullable=True),
    sa.Column('resolution_outcome', sa.String(length=32), nullable=True),
    sa.Column('resolution_notes', sa.String(length=5000), nullable=True),
    sa.Column('is_drill', sa.Boolean(), nullable=False),
    sa.Column('sla_policy', sa.String(length=16), nullable=False),
    sa.Column('acknowledge_due_at', UTCDateTime(), nullable=False),
    sa.Column('dispatch_due_at', UTCDateTime(), nullable=False),
    sa.Column('resolve_due_at', UTCDateTime(), nullable=False),
    sa.Column('acknowledged_at', UTCDateTime(), nullable=True),
    sa.Column('dispatched_at', UTCDateTime(), nullable=True),
    sa.Column('acknowledge_breach_noted', sa.Boolean(), nullable=False),
    sa.Column('dispatch_breach_noted', sa.Boolean(), nullable=False),
    sa.Column('resolve_breach_noted', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.Column('resolved_at', UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', UTCDateTime(), nullable=True),
    sa.Column('h3_r5', sa.BigInteger(), nullable=False),
    sa.Column('h3_r6', sa.BigInteger(), nullable=False),
    sa.Column('h3_r7', sa.BigInteger(), nullable=False),
    sa.Column('h3_r8', sa.BigInteger(), nullable=False),
    sa.Column('h3_r9', sa.BigInteger(), nullable=False),
    sa.Column('h3_r10', sa.BigInteger(), nullable=False),
    sa.Column('h3_r11', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner', 'idempotency_key', name='uq_incident_idempotency')
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_incidents_drill_created', ['is_drill', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_h3_r10'), ['h3_r10'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_h3_r11'), ['h3_r11'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_h3_r5'), ['h3_r5'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_h3_r6'), ['h3_r6'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_h3_r7'), ['h3_r7'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_h3_r8'), ['h3_r8'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_h3_r9'), ['h3_r9'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_severity'), ['severity'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_site'), ['site'], unique=False)
        batch_op.create_index('ix_incidents_status_created', ['status', 'created_at'], unique=False)

    op.create_table('responders',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('role', sa.String(length=64), nullable=True),
    sa.Column('unit', sa.String(length=200), nullable=True),
    sa.Column('on_duty', sa.Boolean(), nullable=False),
    sa.Column('lng', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('responders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responders_on_duty'), ['on_duty'], unique=False)

    op.create_table('sla_policies',
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('acknowledge_s', sa.Integer(), nullable=False),
    sa.Column('dispatch_s', sa.Integer(), nullable=False),
    sa.Column('resolve_s', sa.Integer(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('severity')
    )
    op.create_table('users',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_email'), ['email'], unique=True)

    op.create_table('incident_assignments',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('incident_id', sa.String(length=40), nullable=False),
    sa.Column('responder_id', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('eta_s', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=5000), nullable=True),
    sa.Column('assigned_at', UTCDateTime(), nullable=False),
    sa.Column('en_route_at', UTCDateTime(), nullable=True),
    sa.Column('on_scene_at', UTCDateTime(), nullable=True),
    sa.Column('released_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.ForeignKeyConstraint(['responder_id'], ['responders.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incident_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_assignments_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_assignments_responder_id'), ['responder_id'], unique=False)

    op.create_table('incident_timeline',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.String(length=40), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('message', sa.String(length=5000), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('timestamp', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incident_timeline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_timeline_incident_id'), ['incident_id'], unique=False)

    op.create_table('user_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('expires_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('token_hash')
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    # The event counter's single row, and the default SLA policies.
    op.bulk_insert(sa.table("event_counter", sa.column("name", sa.String), sa.column("value", sa.BigInteger)),
                   [{"name": "events", "value": 0}])
    policies = sa.table("sla_policies", sa.column("severity", sa.String), sa.column("acknowledge_s", sa.Integer),
                        sa.column("dispatch_s", sa.Integer), sa.column("resolve_s", sa.Integer))
    op.bulk_insert(policies, [
        {"severity": "critical", "acknowledge_s": 15, "dispatch_s": 60, "resolve_s": 3600},
        {"severity": "high", "acknowledge_s": 60, "dispatch_s": 300, "resolve_s": 4 * 3600},
        {"severity": "medium", "acknowledge_s": 300, "dispatch_s": 1800, "resolve_s": 24 * 3600},
        {"severity": "low", "acknowledge_s": 1800, "dispatch_s": 4 * 3600, "resolve_s": 72 * 3600},
    ])


def downgrade() -> None:
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))

    op.drop_table('user_sessions')
    with op.batch_alter_table('incident_timeline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_timeline_incident_id'))

    op.drop_table('incident_timeline')
    with op.batch_alter_table('incident_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_assignments_responder_id'))
        batch_op.drop_index(batch_op.f('ix_incident_assignments_incident_id'))

    op.drop_table('incident_assignments')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_email'))

    op.drop_table('users')
    op.drop_table('sla_policies')
    with op.batch_alter_table('responders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responders_on_duty'))

    op.drop_table('responders')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_status_created')
        batch_op.drop_index(batch_op.f('ix_incidents_site'))
        batch_op.drop_index(batch_op.f('ix_incidents_severity'))
        batch_op.drop_index(batch_op.f('ix_incidents_h3_r9'))
        batch_op.drop_index(batch_op.f('ix_incidents_h3_r8'))
        batch_op.drop_index(batch_op.f('ix_incidents_h3_r7'))
        batch_op.drop_index(batch_op.f('ix_incidents_h3_r6'))
        batch_op.drop_index(batch_op.f('ix_incidents_h3_r5'))
        batch_op.drop_index(batch_op.f('ix_incidents_h3_r11'))
        batch_op.drop_index(batch_op.f('ix_incidents_h3_r10'))
        batch_op.drop_index('ix_incidents_drill_created')
        batch_op.drop_index(batch_op.f('ix_incidents_created_at'))
        batch_op.drop_index(batch_op.f('ix_incidents_category'))

    op.drop_table('incidents')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_type'))
        batch_op.drop_index(batch_op.f('ix_events_seq'))

    op.drop_table('events')
    op.drop_table('event_counter')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_secret_hash'))

    op.drop_table('api_keys')
