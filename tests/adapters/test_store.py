"""The store port over real databases: SQLite (embedded default) and PostgreSQL (production).

PostgreSQL is the server `make test` ensures at SEAMGUARD_TEST_PG_URL (default the machine's
127.0.0.1:5432, database test). A test that cannot reach it fails; it is never skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from seamguard.adapters.stores.base import CheckRun, QuarantineItem
from seamguard.adapters.stores.sql import SqlStore, _migrations_config, engine_url, redact_url
from seamguard.errors import StoreError

PG_URL = os.environ.get("SEAMGUARD_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
HEAD = "0003"  # the newest migration: a store opened by this seamguard is at it


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
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == HEAD
    s.close()


def test_unreachable_postgres_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as info:
        SqlStore("postgresql://sg:s3cret@127.0.0.1:1/none?connect_timeout=2")
    assert info.value.exit_code == 3
    assert "s3cret" not in str(info.value)


def test_redact_url() -> None:
    assert "s3cret" not in redact_url("postgresql://u:s3cret@h/db")


# --- retention: purge_raw -----------------------------------------------------------------------


def _received(
    n: int, when: datetime, raw: bytes = b'{"email": "jane@example.com"}'
) -> QuarantineItem:
    return replace(_item(n, raw), received_at=when)


def test_purge_raw_blanks_old_payloads_and_keeps_the_rest(store: SqlStore) -> None:
    old = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    new = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    store.put_quarantine([_received(1, old), _received(2, new)])
    store.set_quarantine_status(store.list_quarantine()[0].id, "replayed")
    cutoff = datetime(2026, 10, 28, 12, 0, tzinfo=UTC)

    assert store.purge_raw(cutoff) == 1  # every status: retention is about age
    purged, kept = store.list_quarantine(status=None)
    assert purged.raw_purged and purged.item.raw == b""
    assert purged.item.reasons[0]["rule"] == "schema.enum"
    assert (purged.status, purged.item.location, purged.item.received_at) == (
        "replayed",
        "data/orders.jsonl:1",
        old,
    )
    assert not kept.raw_purged and kept.item.raw == b'{"email": "jane@example.com"}'

    assert store.purge_raw(cutoff) == 0  # already purged: nothing more to do
    # The fingerprint stays, so the same record read again is still known, not held twice.
    assert store.put_quarantine([_received(1, old)]) == 0
    assert store.count_quarantine(status=None) == 2


def test_purge_raw_compares_instants_not_clock_faces(store: SqlStore) -> None:
    """A cutoff given in another offset means the same instant (SQLite drops offsets)."""
    store.put_quarantine([_received(1, datetime(2026, 11, 27, 12, 0, tzinfo=UTC))])
    paris = timezone(timedelta(hours=1))
    assert store.purge_raw(datetime(2026, 11, 27, 12, 30, tzinfo=paris)) == 0  # 11:30Z
    assert store.purge_raw(datetime(2026, 11, 27, 13, 30, tzinfo=paris)) == 1  # 12:30Z


def test_migration_0002_upgrades_a_store_written_by_0001(tmp_path: Path) -> None:
    """A state.db made by the 0001 schema (what earlier seamguard wrote) is upgraded in place:
    its rows survive, unpurged, and can then be purged."""
    db = tmp_path / "state.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        command.upgrade(_migrations_config(conn), "0001")
        conn.execute(
            sa.text(
                "INSERT INTO quarantine (source, contract_id, contract_version, record_number,"
                " location, raw, reasons, fingerprint, received_at, status) VALUES"
                " ('s', 'c.o', '1.0.0', 1, 'f.jsonl:1', :raw, '[]', 'fp', '2026-01-01 00:00:00.000000',"
                " 'held')"
            ),
            {"raw": b'{"email": "a@example.com"}'},
        )
    with engine.connect() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == "0001"
        assert "raw_purged" not in {c["name"] for c in sa.inspect(conn).get_columns("quarantine")}
    engine.dispose()

    s = SqlStore("sqlite:///state.db", base_dir=tmp_path)
    try:
        with s.engine.connect() as conn:
            assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == HEAD
            indexes = {i["name"] for i in sa.inspect(conn).get_indexes("quarantine")}
        assert "ix_quarantine_received_at" in indexes
        (entry,) = s.list_quarantine()
        assert not entry.raw_purged and entry.item.raw == b'{"email": "a@example.com"}'
        assert s.purge_raw(datetime(2026, 2, 1, tzinfo=UTC)) == 1
        assert s.list_quarantine()[0].raw_purged
    finally:
        s.close()


# --- check history ------------------------------------------------------------------------------

_CONTRACTS = {
    "commerce.order": {
        "verdict": "fail",
        "change": "changed",
        "base_version": "2.1.0",
        "head_version": "2.2.0",
        "errors": 1,
        "warnings": 2,
        "waived": 1,
    },
    "commerce.refund": {
        "verdict": "pass",
        "change": "added",
        "base_version": None,
        "head_version": "1.0.0",
        "errors": 0,
        "warnings": 0,
        "waived": 0,
    },
}


def _check(
    store: SqlStore,
    when: datetime,
    *,
    workspace: str = "/repo/acme",
    verdict: str = "pass",
    dirty: bool = False,
) -> int:
    return store.record_check(
        as_of=when,
        workspace=workspace,
        base_ref="origin/main",
        base_commit="a" * 40,
        head_commit="b" * 40,
        dirty=dirty,
        verdict=verdict,
        contracts={},
        summary={},
    )


def test_check_round_trip_keeps_every_field(store: SqlStore) -> None:
    paris = timezone(timedelta(hours=1))
    when = datetime(2026, 11, 27, 13, 0, 0, 123456, tzinfo=paris)
    summary = {"error": 1, "warning": 2, "info": 0, "waived": 1, "contracts": 2, "fail_on": "error"}
    check_id = store.record_check(
        as_of=when,
        workspace="/repo/acme",
        base_ref="origin/main",
        base_commit="0123456789abcdef0123456789abcdef01234567",
        head_commit="fedcba9876543210fedcba9876543210fedcba98",
        dirty=True,
        verdict="fail",
        contracts=_CONTRACTS,
        summary=summary,
    )
    (run,) = store.list_checks()
    assert run == CheckRun(
        id=check_id,
        as_of=when,
        workspace="/repo/acme",
        base_ref="origin/main",
        base_commit="0123456789abcdef0123456789abcdef01234567",
        head_commit="fedcba9876543210fedcba9876543210fedcba98",
        dirty=True,
        verdict="fail",
        contracts=_CONTRACTS,
        summary=summary,
    )
    # The same instant, handed back in UTC whatever offset it was given in.
    assert run.as_of.utcoffset() == timedelta(0)
    assert run.as_of == datetime(2026, 11, 27, 12, 0, 0, 123456, tzinfo=UTC)
    assert run.dirty is True


def test_check_with_a_clean_tree_and_no_contracts(store: SqlStore) -> None:
    when = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    _check(store, when, dirty=False, verdict="pass")
    (run,) = store.list_checks()
    assert (run.dirty, run.verdict, run.contracts, run.summary) == (False, "pass", {}, {})


def test_checks_latest_first(store: SqlStore) -> None:
    t0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    first = _check(store, t0, verdict="pass")
    second = _check(store, t0 + timedelta(hours=1), verdict="warn")
    third = _check(store, t0 + timedelta(hours=2), verdict="fail")
    # A run reproducing an older instant (--as-of) sorts by that instant, not by when it ran.
    older = _check(store, t0 - timedelta(days=1), verdict="pass")
    # Two runs of the same instant: the later one first.
    again = _check(store, t0 + timedelta(hours=2), verdict="warn")
    assert len({first, second, third, older, again}) == 5
    assert [r.id for r in store.list_checks()] == [again, third, second, first, older]
    # An instant given in another offset is placed by the instant, not its clock face.
    utc_minus_5 = timezone(timedelta(hours=-5))
    late = _check(store, datetime(2026, 11, 27, 10, 0, tzinfo=utc_minus_5))  # 15:00Z
    assert store.list_checks()[0].id == late


def test_checks_limit(store: SqlStore) -> None:
    t0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    ids = [_check(store, t0 + timedelta(minutes=i)) for i in range(5)]
    assert [r.id for r in store.list_checks(limit=2)] == [ids[4], ids[3]]
    assert len(store.list_checks()) == 5
    assert [r.id for r in store.list_checks(limit=1, workspace="/repo/acme")] == [ids[4]]


def test_checks_workspace_filter(store: SqlStore) -> None:
    t0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    a1 = _check(store, t0, workspace="/repo/acme")
    b1 = _check(store, t0 + timedelta(minutes=1), workspace="/repo/globex")
    a2 = _check(store, t0 + timedelta(minutes=2), workspace="/repo/acme")
    assert [r.id for r in store.list_checks(workspace="/repo/acme")] == [a2, a1]
    assert [r.id for r in store.list_checks(workspace="/repo/globex")] == [b1]
    assert store.list_checks(workspace="/repo/initech") == []
    assert [r.id for r in store.list_checks()] == [a2, b1, a1]


def test_checks_and_scans_are_kept_apart(store: SqlStore) -> None:
    when = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    store.record_scan(as_of=when, workspace="/repo/acme", status="healthy", summary={})
    assert store.list_checks() == []
    _check(store, when)
    assert len(store.list_scans()) == 1 and len(store.list_checks()) == 1


def test_a_check_the_database_refuses_is_a_store_error(store: SqlStore) -> None:
    with store.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE checks"))
    with pytest.raises(StoreError) as info:
        _check(store, datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    assert info.value.exit_code == 3
    assert "cannot record check" in str(info.value)
    with pytest.raises(StoreError) as listing:
        store.list_checks()
    assert "cannot read" in str(listing.value)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A database URL nothing has migrated yet (and the folder a relative SQLite URL is in)."""
    if request.param == "sqlite":
        yield "sqlite:///state.db", tmp_path
        return
    schema = f"sg_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}", tmp_path
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_migration_0003_adds_checks_to_a_store_written_by_0002(empty_db: tuple[str, Path]) -> None:
    """A store made by the 0002 schema (what earlier seamguard wrote) gains the checks table
    when opened; its scans and quarantine survive."""
    url, base_dir = empty_db
    engine = sa.create_engine(engine_url(url, base_dir))
    with engine.begin() as conn:
        command.upgrade(_migrations_config(conn), "0002")
        conn.execute(
            sa.text(
                "INSERT INTO scans (as_of, workspace, status, summary) VALUES"
                " (:as_of, '/w', 'healthy', '{\"records\": 3}')"
            ),
            {"as_of": datetime(2026, 1, 1, tzinfo=UTC)},
        )
    with engine.connect() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == "0002"
        assert "checks" not in sa.inspect(conn).get_table_names()
    engine.dispose()

    s = SqlStore(url, base_dir=base_dir)
    try:
        with s.engine.connect() as conn:
            assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == HEAD
            inspector = sa.inspect(conn)
            assert "checks" in inspector.get_table_names()
            indexes = {i["name"] for i in inspector.get_indexes("checks")}
        assert "ix_checks_as_of" in indexes
        (scan,) = s.list_scans()
        assert scan.summary == {"records": 3}
        assert s.list_checks() == []
        when = datetime(2026, 2, 1, tzinfo=UTC)
        check_id = _check(s, when, verdict="warn")
        (run,) = s.list_checks()
        assert (run.id, run.as_of, run.verdict) == (check_id, when, "warn")
    finally:
        s.close()


def test_an_absolute_sqlite_path_in_a_missing_folder_is_created(tmp_path: Path) -> None:
    target = tmp_path / "ci" / "nested" / "checks.db"
    store = SqlStore(f"sqlite:///{target}", base_dir=tmp_path / "elsewhere")
    try:
        assert target.exists()
        assert store.list_checks() == []
    finally:
        store.close()
