"""web service: the phone page's ticket token and the API's bearer tokens

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 20:50:00

``tickets.public_token``: a random token per ticket for the citizen's phone page
(``/t/<token>``), unique; NULL for tickets issued before this version.
``api_tokens``: bearer tokens for ``/api/v1`` (only the SHA-256 of each secret is stored).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.db.types import UTCDateTime

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (a batch copy of tickets would trip the foreign keys pointing at it).
    op.add_column('tickets', sa.Column('public_token', sa.String(length=32), nullable=True))
    op.create_index('uq_tickets_public_token', 'tickets', ['public_token'], unique=True)
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('scope', sa.String(length=16), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('revoked_at', UTCDateTime(), nullable=True),
        sa.Column('last_used_at', UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
        sa.UniqueConstraint('token_hash'),
    )


def downgrade() -> None:
    op.drop_table('api_tokens')
    op.drop_index('uq_tickets_public_token', table_name='tickets')
    op.execute("ALTER TABLE tickets DROP COLUMN public_token")  # SQLite 3.35+ and PostgreSQL
