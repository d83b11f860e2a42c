"""a counter's services for one day (issue 11); the center's hours need no table

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 23:10:00

``counter_day_services``: the services a counter serves on one business day only, in order
(a supervisor's change "for the rest of the day" on /admin/live). On that day they replace
the counter's ``counter_services`` in the queue's call statements; the next day the date no
longer matches, so nothing has to undo them. The center's opening hours and working sessions
are a row of ``site_settings`` (key ``hours``), which needs no schema change.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'counter_day_services',
        sa.Column('counter_id', sa.Integer(), nullable=False),
        sa.Column('business_day', sa.Date(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id']),
        sa.ForeignKeyConstraint(['service_id'], ['services.id']),
        sa.PrimaryKeyConstraint('counter_id', 'business_day', 'service_id'),
    )


def downgrade() -> None:
    op.drop_table('counter_day_services')
