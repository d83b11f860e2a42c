"""issue 15: the queue's call index, and an append-only event log

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 23:10:00

- ``ix_tickets_queue`` becomes (site, status, business day, service, priority, queued_at,
  id): the call order of one service and class read from the index's start
  (shared/queue_pick.py), instead of sorting every waiting ticket.
- ``ix_tickets_target``: a partial index of the tickets sent to a counter.
- The event log is append-only: a trigger refuses every UPDATE and DELETE of ``events``
  (on PostgreSQL and SQLite). Only the schema owner, through a migration, may drop it.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TARGET = "target_counter_id IS NOT NULL"
REFUSED = "le nhat ky su kien chi duoc ghi them (events is append-only)"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
PG_TRIGGER = ("CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE "
              "ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()")
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
    f"CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
]


def upgrade() -> None:
    # Index operations need no table copy on SQLite (no batch mode).
    op.drop_index('ix_tickets_queue', table_name='tickets')
    op.create_index('ix_tickets_queue', 'tickets', ['site_id', 'status', 'business_day',
                                                    'service_id', 'priority', 'queued_at', 'id'])
    op.create_index('ix_tickets_target', 'tickets', ['target_counter_id'],
                    sqlite_where=sa.text(TARGET), postgresql_where=sa.text(TARGET))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
        op.execute("DROP FUNCTION IF EXISTS events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    op.drop_index('ix_tickets_target', table_name='tickets')
    op.drop_index('ix_tickets_queue', table_name='tickets')
    op.create_index('ix_tickets_queue', 'tickets', ['site_id', 'status', 'service_id',
                                                    'queued_at'])
