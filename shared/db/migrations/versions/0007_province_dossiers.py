"""issue 12: the province's dossier codes, imports and figures

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 23:10:00

- ``dossiers.origin``: where the code comes from: ``local`` (made here, the national format,
  marked as local wherever it shows), ``province`` (typed or scanned at receipt from the
  provincial one-stop system) or ``import`` (a row of the province's exported list);
  ``dossiers.field``: the field ("lĩnh vực") the province's list gives, for procedures not in
  the catalog; ``dossiers.synced_at``: when an import last wrote the dossier.
- ``dossier_imports``: one row per imported file (name, SHA-256, counts, errors): the log of
  what was taken, and how the watched folder takes each file once.
- ``province_figures``: the last good figures of the province's statistics service (OpenCPS)
  per site, when they were fetched, the last attempt and its error.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.db.types import UTCDateTime

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers') as batch:
        batch.add_column(sa.Column('origin', sa.String(length=16), nullable=False,
                                   server_default='local'))
        batch.add_column(sa.Column('field', sa.String(length=200), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('synced_at', UTCDateTime(), nullable=True))
    op.create_table(
        'dossier_imports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=300), nullable=False),
        sa.Column('file_hash', sa.String(length=64), nullable=False),
        sa.Column('imported_at', UTCDateTime(), nullable=False),
        sa.Column('by', sa.String(length=64), nullable=False),
        sa.Column('created', sa.Integer(), nullable=False),
        sa.Column('updated', sa.Integer(), nullable=False),
        sa.Column('unchanged', sa.Integer(), nullable=False),
        sa.Column('errors', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_dossier_imports_hash', 'dossier_imports', ['site_id', 'file_hash'])
    op.create_table(
        'province_figures',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=32), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('fetched_at', UTCDateTime(), nullable=True),
        sa.Column('attempted_at', UTCDateTime(), nullable=True),
        sa.Column('error', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id']),
        sa.PrimaryKeyConstraint('site_id'),
    )


def downgrade() -> None:
    op.drop_table('province_figures')
    op.drop_index('ix_dossier_imports_hash', table_name='dossier_imports')
    op.drop_table('dossier_imports')
    with op.batch_alter_table('dossiers') as batch:
        batch.drop_column('synced_at')
        batch.drop_column('field')
        batch.drop_column('origin')
