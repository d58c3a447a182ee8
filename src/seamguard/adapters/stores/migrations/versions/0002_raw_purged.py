"""Retention: mark quarantine entries whose raw payload was purged; index received_at for it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A server default, so rows written by 0001 read as "not purged" without a rewrite.
    with op.batch_alter_table("quarantine") as batch:
        batch.add_column(
            sa.Column("raw_purged", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index("ix_quarantine_received_at", "quarantine", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_quarantine_received_at", "quarantine")
    with op.batch_alter_table("quarantine") as batch:
        batch.drop_column("raw_purged")
