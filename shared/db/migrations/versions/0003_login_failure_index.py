"""events: a partial index of failed log-ins

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:30:00

A wrong password looks for the clerk's earlier failures within the lock-out window. Without
an index that read the whole event log (about 50 ms per million events, inside the writing
transaction); ``ix_events_login_failed`` holds only the failed log-ins.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

WHERE = "kind = 'clerk.login_failed'"


def upgrade() -> None:
    op.create_index('ix_events_login_failed', 'events', ['clerk_id', 'at'],
                    sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def downgrade() -> None:
    op.drop_index('ix_events_login_failed', table_name='events')
