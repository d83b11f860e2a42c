"""issue 13, the queue side of the desk: a ticket put on hold at its counter

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 23:10:00

``tickets.held_at``: when the clerk put the ticket on hold (status ``on_hold``: the citizen
went to make a copy; the counter serves others meanwhile); NULL otherwise. Taking it back
moves ``called_at`` forward by the time on hold, so ``finished_at - called_at`` stays the
time actually served.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.db.types import UTCDateTime

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (a batch copy of tickets would trip the foreign keys pointing at it).
    op.add_column('tickets', sa.Column('held_at', UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Held tickets go back to being served by the counter that held them only if it is free;
    # simplest and safe: they end as cancelled (an older version knows no hold).
    op.execute("UPDATE tickets SET status = 'cancelled' WHERE status = 'on_hold'")
    op.execute("ALTER TABLE tickets DROP COLUMN held_at")  # SQLite 3.35+ and PostgreSQL
