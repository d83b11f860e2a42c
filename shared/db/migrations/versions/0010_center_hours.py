"""issues 11/16: opening hours in the database, a day's service changes

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 23:10:00

Reserved slot: no change yet.
"""
from __future__ import annotations

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
