"""The SQL store (SQLite embedded, PostgreSQL in production) over SQLAlchemy Core.

The schema is owned by Alembic migrations (``migrations/``) applied when the store opens, so an
older state.db is upgraded in place and never silently reinterpreted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, false, func, insert, select, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from seamguard.adapters.stores.base import (
    CheckRun,
    QuarantineEntry,
    QuarantineItem,
    ScanRun,
    Store,
)
from seamguard.adapters.stores.tables import checks, quarantine, scans
from seamguard.errors import StoreError, UsageError

SUPPORTED_SCHEMES = ("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable store URL>"


def engine_url(url: str, base_dir: Path, *, create: bool = True) -> str:
    """Normalise a workspace store URL: relative SQLite paths live under the workspace (their
    folder is created unless ``create`` is False), and PostgreSQL goes through psycopg 3."""
    if url.startswith("sqlite:///"):
        rel = url[len("sqlite:///") :]  # sqlite:////abs/x.db leaves /abs/x.db: absolute
        if rel and rel != ":memory:":
            path = (base_dir / rel).resolve()
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{path}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _migrations_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("seamguard.adapters.stores") / "migrations")
    )
    cfg.attributes["connection"] = connection
    return cfg


def _migrate(engine: Engine) -> None:
    with engine.begin() as conn:
        cfg = _migrations_config(conn)
        head = ScriptDirectory.from_config(cfg).get_current_head()
        current = MigrationContext.configure(conn).get_current_revision()
        if current != head:
            command.upgrade(cfg, "head")


class SqlStore(Store):
    """A :class:`Store` on any SQLAlchemy-supported database seamguard supports."""

    def __init__(self, url: str, *, base_dir: Path | None = None) -> None:
        self.display_url = redact_url(url)
        if not url.startswith(SUPPORTED_SCHEMES):
            raise UsageError(
                f"unsupported store {self.display_url}: use sqlite:///path or postgresql://..."
            )
        try:
            self.engine = create_engine(engine_url(url, base_dir or Path.cwd()), future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            _migrate(self.engine)
        except ModuleNotFoundError as exc:
            hint = " (pip install 'seamguard[postgres]')" if "psycopg" in str(exc) else ""
            raise StoreError(f"cannot open store {self.display_url}: {_short(exc)}{hint}") from None
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open store {self.display_url}: {_short(exc)}") from None

    def put_quarantine(self, items: Iterable[QuarantineItem]) -> int:
        rows = [_row(item) for item in items]
        if not rows:
            return 0
        new = 0
        try:
            with self.engine.begin() as conn:
                known: set[tuple[str, str]] = set()
                for chunk_start in range(0, len(rows), 500):
                    chunk = rows[chunk_start : chunk_start + 500]
                    fps = [r["fingerprint"] for r in chunk]
                    known.update(
                        (s, f)
                        for s, f in conn.execute(
                            select(quarantine.c.source, quarantine.c.fingerprint).where(
                                quarantine.c.fingerprint.in_(fps)
                            )
                        )
                    )
                fresh = []
                for r in rows:
                    key = (r["source"], r["fingerprint"])
                    if key not in known:
                        known.add(key)
                        fresh.append(r)
                if fresh:
                    conn.execute(insert(quarantine), fresh)
                new = len(fresh)
        except IntegrityError:
            # A concurrent writer held the same record first; retry one by one to count honestly.
            new = 0
            for r in rows:
                try:
                    with self.engine.begin() as conn:
                        conn.execute(insert(quarantine), [r])
                        new += 1
                except IntegrityError:
                    continue
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot write quarantine to {self.display_url}: {_short(exc)}"
            ) from None
        return new

    def list_quarantine(
        self,
        *,
        source: str | None = None,
        contract: str | None = None,
        status: str | None = "held",
        limit: int | None = None,
    ) -> Sequence[QuarantineEntry]:
        q = select(quarantine).order_by(quarantine.c.id)
        if source is not None:
            q = q.where(quarantine.c.source == source)
        if contract is not None:
            q = q.where(quarantine.c.contract_id == contract)
        if status is not None:
            q = q.where(quarantine.c.status == status)
        if limit is not None:
            q = q.limit(limit)
        return [_entry(row) for row in self._read(q)]

    def get_quarantine(self, entry_id: int) -> QuarantineEntry | None:
        rows = self._read(select(quarantine).where(quarantine.c.id == entry_id))
        return _entry(rows[0]) if rows else None

    def count_quarantine(self, *, source: str | None = None, status: str | None = "held") -> int:
        q = select(func.count()).select_from(quarantine)
        if source is not None:
            q = q.where(quarantine.c.source == source)
        if status is not None:
            q = q.where(quarantine.c.status == status)
        return int(self._read(q)[0][0])

    def set_quarantine_status(self, entry_id: int, status: str) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    update(quarantine).where(quarantine.c.id == entry_id).values(status=status)
                )
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot update quarantine in {self.display_url}: {_short(exc)}"
            ) from None

    def purge_raw(self, older_than: datetime) -> int:
        try:
            with self.engine.begin() as conn:
                result = conn.execute(
                    update(quarantine)
                    .where(
                        quarantine.c.received_at < _utc(older_than),
                        quarantine.c.raw_purged == false(),
                    )
                    .values(raw=b"", raw_purged=True)
                )
                return int(result.rowcount or 0)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot purge quarantine in {self.display_url}: {_short(exc)}"
            ) from None

    def record_scan(
        self, *, as_of: datetime, workspace: str, status: str, summary: Mapping[str, Any]
    ) -> int:
        try:
            with self.engine.begin() as conn:
                result = conn.execute(
                    insert(scans).values(
                        as_of=as_of,
                        workspace=workspace,
                        status=status,
                        summary=json.dumps(summary, default=str),
                    )
                )
                pk = result.inserted_primary_key
                return int(pk[0]) if pk else 0
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot record scan in {self.display_url}: {_short(exc)}") from None

    def list_scans(self, limit: int = 20) -> Sequence[ScanRun]:
        rows = self._read(select(scans).order_by(scans.c.id.desc()).limit(limit))
        return [
            ScanRun(
                id=r.id,
                as_of=_aware(r.as_of),
                workspace=r.workspace,
                status=r.status,
                summary=json.loads(r.summary),
            )
            for r in rows
        ]

    def record_check(
        self,
        *,
        as_of: datetime,
        workspace: str,
        base_ref: str,
        base_commit: str,
        head_commit: str,
        dirty: bool,
        verdict: str,
        contracts: Mapping[str, Any],
        summary: Mapping[str, Any],
    ) -> int:
        try:
            with self.engine.begin() as conn:
                result = conn.execute(
                    insert(checks).values(
                        as_of=_utc(as_of),
                        workspace=workspace,
                        base_ref=base_ref,
                        base_commit=base_commit,
                        head_commit=head_commit,
                        dirty=dirty,
                        verdict=verdict,
                        contracts=json.dumps(contracts, sort_keys=True, default=str),
                        summary=json.dumps(summary, sort_keys=True, default=str),
                    )
                )
                pk = result.inserted_primary_key
                return int(pk[0]) if pk else 0
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot record check in {self.display_url}: {_short(exc)}") from None

    def list_checks(self, limit: int = 20, *, workspace: str | None = None) -> Sequence[CheckRun]:
        # Latest by the instant checked (--as-of may reproduce an older run), then by id for
        # runs of the same instant; as_of is stored in UTC, so SQLite's text order is time order.
        q = select(checks).order_by(checks.c.as_of.desc(), checks.c.id.desc()).limit(limit)
        if workspace is not None:
            q = q.where(checks.c.workspace == workspace)
        return [
            CheckRun(
                id=r.id,
                as_of=_aware(r.as_of),
                workspace=r.workspace,
                base_ref=r.base_ref,
                base_commit=r.base_commit,
                head_commit=r.head_commit,
                dirty=bool(r.dirty),
                verdict=r.verdict,
                contracts=json.loads(r.contracts),
                summary=json.loads(r.summary),
            )
            for r in self._read(q)
        ]

    def close(self) -> None:
        self.engine.dispose()

    def _read(self, query: Any) -> list[Any]:
        try:
            with self.engine.connect() as conn:
                return list(conn.execute(query))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read {self.display_url}: {_short(exc)}") from None


def fingerprint(item: QuarantineItem) -> str:
    """Identity of a held record: the same bytes at the same place are the same record."""
    h = hashlib.sha256()
    h.update(item.location.encode("utf-8"))
    h.update(b"\0")
    h.update(item.raw)
    return h.hexdigest()


def _row(item: QuarantineItem) -> dict[str, Any]:
    return {
        "source": item.source,
        "contract_id": item.contract_id,
        "contract_version": item.contract_version,
        "record_number": item.record_number,
        "location": item.location,
        "raw": item.raw,
        "reasons": json.dumps([dict(r) for r in item.reasons], sort_keys=True),
        "fingerprint": fingerprint(item),
        "received_at": _utc(item.received_at),
        "status": "held",
    }


def _entry(row: Any) -> QuarantineEntry:
    return QuarantineEntry(
        id=row.id,
        status=row.status,
        raw_purged=bool(row.raw_purged),
        item=QuarantineItem(
            source=row.source,
            contract_id=row.contract_id,
            contract_version=row.contract_version,
            record_number=row.record_number,
            location=row.location,
            raw=bytes(row.raw),
            reasons=tuple(json.loads(row.reasons)),
            received_at=_aware(row.received_at),
        ),
    )


def _utc(value: datetime) -> datetime:
    # SQLite keeps a datetime's fields and drops its offset, so every instant is written (and
    # compared, by purge_raw) in UTC; naive values are already taken to be UTC.
    return value.astimezone(UTC) if value.tzinfo is not None else value


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything seamguard stores is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else type(exc).__name__


def open_store(url: str, *, base_dir: Path | None = None) -> SqlStore:
    """Open (and migrate) the store a workspace names."""
    return SqlStore(url, base_dir=base_dir)
