"""Check history: one row per ``seamguard check`` run.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("base_ref", sa.Text, nullable=False),
        sa.Column("base_commit", sa.String(64), nullable=False),
        sa.Column("head_commit", sa.String(64), nullable=False),
        sa.Column("dirty", sa.Boolean, nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("contracts", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    op.create_index("ix_checks_as_of", "checks", ["as_of"])


def downgrade() -> None:
    op.drop_index("ix_checks_as_of", "checks")
    op.drop_table("checks")
