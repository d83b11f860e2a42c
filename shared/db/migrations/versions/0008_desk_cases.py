"""issue 13: every case at the desk (hold, undo, dossier changes, forms)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 23:10:00

Reserved slot: no change yet.
"""
from __future__ import annotations

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
