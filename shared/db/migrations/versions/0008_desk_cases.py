"""issue 13: every case at the desk (several dossiers per ticket, time limits, form 04)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 23:10:00

- ``uq_dossiers_ticket`` (one dossier per ticket) becomes the plain ``ix_dossiers_ticket``: a
  clerk may receive a second or third dossier for the citizen in front of them.
- ``dossiers.time_limit`` / ``dossiers.time_unit``: the time limit the dossier was received
  with (the catalog's, or what the clerk entered when the catalog had none): ``working_days``,
  ``days``, ``hours``, ``date`` (the clerk set the due date itself) or ``unknown`` (the clerk
  chose "chưa xác định"); NULL for dossiers received before (the catalog's then).
- ``dossiers.first_due_at``: the due date before the first apology and new appointment
  (form 04) moved it; NULL while never moved.
- ``dossiers.search_text``: code, name, phone, procedure and digits folded (no accents), what
  the desk's search matches with one ``LIKE`` per word; filled here for existing dossiers.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.db.types import UTCDateTime
from shared.dossier_text import search_text

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('uq_dossiers_ticket', table_name='dossiers')
    with op.batch_alter_table('dossiers') as batch:
        batch.add_column(sa.Column('time_limit', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('time_unit', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('first_due_at', UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('search_text', sa.Text(), nullable=False,
                                   server_default=''))
    op.create_index('ix_dossiers_ticket', 'dossiers', ['ticket_id'])
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, code, applicant_name, applicant_phone, procedure_name, procedure_code "
        "FROM dossiers")).all()
    if rows:
        connection.execute(sa.text("UPDATE dossiers SET search_text = :text WHERE id = :id"),
                           [{"id": row[0], "text": search_text(*(value or "" for value in
                                                                 row[1:]))}
                            for row in rows])


def downgrade() -> None:
    op.drop_index('ix_dossiers_ticket', table_name='dossiers')
    with op.batch_alter_table('dossiers') as batch:
        batch.drop_column('search_text')
        batch.drop_column('first_due_at')
        batch.drop_column('time_unit')
        batch.drop_column('time_limit')
    # A ticket's later dossiers lose the link (as 0002 did), so the unique index fits again.
    op.execute(sa.text(
        "UPDATE dossiers SET ticket_id = NULL WHERE ticket_id IS NOT NULL AND id NOT IN "
        "(SELECT MIN(id) FROM dossiers WHERE ticket_id IS NOT NULL GROUP BY ticket_id)"))
    op.create_index('uq_dossiers_ticket', 'dossiers', ['ticket_id'], unique=True,
                    sqlite_where=sa.text('ticket_id IS NOT NULL'),
                    postgresql_where=sa.text('ticket_id IS NOT NULL'))
