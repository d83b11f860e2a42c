"""issue 14: the kiosk and the wall (only if a table or column is needed)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 23:10:00

Reserved slot: no change yet.
"""
from __future__ import annotations

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
