"""Table definitions shared by the SQL store and its migrations."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False, index=True),
    Column("contract_id", String(200), nullable=False, index=True),
    Column("contract_version", String(50), nullable=False),
    Column("record_number", Integer, nullable=False),
    Column("location", Text, nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list of {rule, path, keyword, message, ...}
    Column("fingerprint", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, index=True),
    Column("status", String(20), nullable=False, default="held"),
    # Retention blanked ``raw`` (migration 0002).
    Column("raw_purged", Boolean, nullable=False, default=False, server_default=false()),
    UniqueConstraint("source", "fingerprint", name="uq_quarantine_source_fingerprint"),
)

scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("as_of", DateTime(timezone=True), nullable=False),
    Column("workspace", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("summary", Text, nullable=False),
)

# One row per `seamguard check` run (migration 0003). ``contracts`` and ``summary`` are JSON.
checks = Table(
    "checks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("as_of", DateTime(timezone=True), nullable=False, index=True),
    Column("workspace", Text, nullable=False),
    Column("base_ref", Text, nullable=False),
    Column("base_commit", String(64), nullable=False),
    Column("head_commit", String(64), nullable=False),
    Column("dirty", Boolean, nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("contracts", Text, nullable=False),
    Column("summary", Text, nullable=False),
)
