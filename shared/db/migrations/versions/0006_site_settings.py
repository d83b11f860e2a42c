"""site settings: the settings that belong to the center, set from the console

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 21:10:00

``site_settings``: one row per site and setting (the priority policy and its N, the wall's
ticker lines, the rating scale), its value as JSON. A row wins over the same setting in each
PC's layso.toml; no row: the file's value. Who set it last, and when.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.db.types import UTCDateTime

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'site_settings',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=True),
        sa.Column('updated_by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id']),
        sa.PrimaryKeyConstraint('site_id', 'key'),
    )


def downgrade() -> None:
    op.drop_table('site_settings')
