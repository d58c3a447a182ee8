"""Quarantine and scan history.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("contract_id", sa.String(200), nullable=False),
        sa.Column("contract_version", sa.String(50), nullable=False),
        sa.Column("record_number", sa.Integer, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.UniqueConstraint("source", "fingerprint", name="uq_quarantine_source_fingerprint"),
    )
    op.create_index("ix_quarantine_source", "quarantine", ["source"])
    op.create_index("ix_quarantine_contract_id", "quarantine", ["contract_id"])
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scans")
    op.drop_index("ix_quarantine_contract_id", "quarantine")
    op.drop_index("ix_quarantine_source", "quarantine")
    op.drop_table("quarantine")
