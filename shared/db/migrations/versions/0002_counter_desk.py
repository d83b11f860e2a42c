"""counter desk: one dossier per ticket, the site's place name, register book numbers

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00

- ``dossiers.ticket_id`` becomes unique where set (a retried "receive" could make a second
  dossier for one ticket). Where a database already holds such duplicates, the oldest dossier
  keeps the link and the others get ``ticket_id`` NULL and a note saying which ticket.
- ``sites.place``: the place name of a form's date line.
- ``register_sequences``: the entry numbers of each agency's yearly register book.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

DUPLICATES = """
SELECT id, ticket_id FROM dossiers
WHERE ticket_id IS NOT NULL AND id NOT IN (
    SELECT MIN(id) FROM dossiers WHERE ticket_id IS NOT NULL GROUP BY ticket_id)
"""


def upgrade() -> None:
    connection = op.get_bind()
    for dossier_id, ticket_id in connection.execute(sa.text(DUPLICATES)).all():
        connection.execute(
            sa.text("UPDATE dossiers SET ticket_id = NULL, note = note || :note WHERE id = :id"),
            {"id": dossier_id,
             "note": f"\n(Hồ sơ trùng số thứ tự, mã lượt {ticket_id}: đã bỏ liên kết.)"})
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index('uq_dossiers_ticket', ['ticket_id'], unique=True,
                              sqlite_where=sa.text('ticket_id IS NOT NULL'),
                              postgresql_where=sa.text('ticket_id IS NOT NULL'))
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=200), nullable=False,
                                      server_default=''))
    op.create_table('register_sequences',
    sa.Column('agency_code', sa.String(length=64), nullable=False),
    sa.Column('book', sa.String(length=32), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('agency_code', 'book')
    )


def downgrade() -> None:
    op.drop_table('register_sequences')
    # A plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy of ``sites`` would
    # break the foreign keys that point at it.
    op.drop_column('sites', 'place')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('uq_dossiers_ticket')
