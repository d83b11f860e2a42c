"""issue 12: the province's dossier codes, imports and figures

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 23:10:00

Reserved slot: no change yet.
"""
from __future__ import annotations

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
