"""The store port over real databases: SQLite (embedded default) and PostgreSQL (production).

PostgreSQL is the server `make test` ensures at SEAMGUARD_TEST_PG_URL (default the machine's
127.0.0.1:5432, database test). A test that cannot reach it fails; it is never skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from seamguard.adapters.stores.base import QuarantineItem
from seamguard.adapters.stores.sql import SqlStore, redact_url
from seamguard.errors import StoreError

PG_URL = os.environ.get("SEAMGUARD_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    if request.param == "sqlite":
        s = SqlStore("sqlite:///.seamguard/state.db", base_dir=tmp_path)
        yield s
        s.close()
        return
    # A schema of its own per test, so tests never see each other's rows.
    schema = f"sg_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    s = SqlStore(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    try:
        yield s
    finally:
        s.close()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _item(n: int, raw: bytes = b'{"id": 1}') -> QuarantineItem:
    return QuarantineItem(
        source="storefront.orders",
        contract_id="shopify.order",
        contract_version="1.0.0",
        record_number=n,
        location=f"data/orders.jsonl:{n}",
        raw=raw,
        reasons=({"rule": "schema.enum", "path": "/financial_status", "message": "x"},),
        received_at=datetime(2026, 11, 27, 12, 0, tzinfo=UTC),
    )


def test_quarantine_round_trip_keeps_raw_bytes(store: SqlStore) -> None:
    raw = b'{"id": 7300000000000000123, "total_price": "409.94", "note": "caf\xc3\xa9"}'
    assert store.put_quarantine([_item(1, raw), _item(2)]) == 2
    entries = store.list_quarantine()
    assert [e.item.record_number for e in entries] == [1, 2]
    got = store.get_quarantine(entries[0].id)
    assert got is not None
    assert got.item.raw == raw
    assert got.item.reasons == (
        {"message": "x", "path": "/financial_status", "rule": "schema.enum"},
    )
    assert got.item.received_at == datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert got.status == "held"


def test_same_record_is_held_once(store: SqlStore) -> None:
    assert store.put_quarantine([_item(1), _item(1)]) == 1
    assert store.put_quarantine([_item(1)]) == 0
    assert store.count_quarantine() == 1


def test_filters_and_status(store: SqlStore) -> None:
    store.put_quarantine([_item(1), _item(2), _item(3)])
    first = store.list_quarantine()[0]
    store.set_quarantine_status(first.id, "replayed")
    assert store.count_quarantine() == 2
    assert store.count_quarantine(status=None) == 3
    assert len(store.list_quarantine(status="replayed")) == 1
    assert store.list_quarantine(source="other") == []
    assert len(store.list_quarantine(limit=1)) == 1


def test_scan_history(store: SqlStore) -> None:
    when = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    a = store.record_scan(as_of=when, workspace="/w", status="breach", summary={"records": 3})
    b = store.record_scan(as_of=when, workspace="/w", status="healthy", summary={"records": 4})
    assert b > a
    runs = store.list_scans()
    assert [r.status for r in runs] == ["healthy", "breach"]
    assert runs[1].summary == {"records": 3} and runs[1].as_of == when


def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    SqlStore("sqlite:///state.db", base_dir=tmp_path).close()
    s = SqlStore("sqlite:///state.db", base_dir=tmp_path)
    with s.engine.connect() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == "0001"
    s.close()


def test_unreachable_postgres_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as info:
        SqlStore("postgresql://sg:s3cret@127.0.0.1:1/none?connect_timeout=2")
    assert info.value.exit_code == 3
    assert "s3cret" not in str(info.value)


def test_redact_url() -> None:
    assert "s3cret" not in redact_url("postgresql://u:s3cret@h/db")
