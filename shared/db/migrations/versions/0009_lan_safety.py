"""issue 15: roles, append-only event log, the queue's call index, clock

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 23:10:00

Reserved slot: no change yet.
"""
from __future__ import annotations

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
