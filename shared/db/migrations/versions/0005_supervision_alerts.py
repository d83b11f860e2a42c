"""supervision alerts: the thresholds a supervisor sets for a site's live page

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 21:05:00

``supervision_alerts``: one row per site (none: the defaults) with the minutes after which a
wait or a break is an alert (NULL: that alert is off) and whether a service that nobody
serves while tickets wait is one; who set them last, and when.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.db.types import UTCDateTime

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'supervision_alerts',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('wait_minutes', sa.Integer(), nullable=True),
        sa.Column('break_minutes', sa.Integer(), nullable=True),
        sa.Column('unserved_service', sa.Boolean(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=True),
        sa.Column('updated_by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id']),
        sa.PrimaryKeyConstraint('site_id'),
    )


def downgrade() -> None:
    op.drop_table('supervision_alerts')
