"""The store port: what seamguard keeps between runs (quarantine, scan and check history).

SQLite is the embedded default; PostgreSQL implements the same port for production. Both are
served by :mod:`seamguard.adapters.stores.sql` through SQLAlchemy Core.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class QuarantineItem:
    """A record held back: its exact bytes, where it came from, and why."""

    source: str
    contract_id: str
    contract_version: str
    record_number: int
    location: str
    raw: bytes
    reasons: tuple[Mapping[str, Any], ...]
    received_at: datetime


@dataclass(frozen=True)
class QuarantineEntry:
    """A stored quarantine item with its id and state."""

    id: int
    item: QuarantineItem
    status: str  # held | replayed | released
    # Retention blanked ``item.raw`` (metadata, reasons and fingerprint stay): it cannot be
    # replayed, and an export of raw payloads skips it.
    raw_purged: bool = False


@dataclass(frozen=True)
class ScanRun:
    id: int
    as_of: datetime
    workspace: str
    status: str
    summary: Mapping[str, Any]


@dataclass(frozen=True)
class CheckRun:
    """One ``seamguard check`` run as kept in the store.

    ``contracts`` maps each contract id to its outcome (``verdict``, ``change``,
    ``base_version``, ``head_version`` and the counts ``errors``, ``warnings``, ``waived``);
    ``summary`` holds the run's counts. ``as_of`` is timezone-aware UTC."""

    id: int
    as_of: datetime
    workspace: str
    base_ref: str
    base_commit: str
    head_commit: str
    dirty: bool
    verdict: str  # pass | warn | fail
    contracts: Mapping[str, Any]
    summary: Mapping[str, Any]


class Store(ABC):
    """Persistence port. Implementations must make every acknowledged write durable."""

    @abstractmethod
    def put_quarantine(self, items: Iterable[QuarantineItem]) -> int:
        """Keep items; a record already held (same source, location and bytes) is not added twice.
        Returns how many were new."""

    @abstractmethod
    def list_quarantine(
        self,
        *,
        source: str | None = None,
        contract: str | None = None,
        status: str | None = "held",
        limit: int | None = None,
    ) -> Sequence[QuarantineEntry]:
        """Entries, oldest first."""

    @abstractmethod
    def get_quarantine(self, entry_id: int) -> QuarantineEntry | None:
        """One entry by id."""

    @abstractmethod
    def count_quarantine(self, *, source: str | None = None, status: str | None = "held") -> int:
        """How many entries match."""

    @abstractmethod
    def purge_raw(self, older_than: datetime) -> int:
        """Blank the raw payload of every entry received before ``older_than`` (any status) and
        mark it purged, keeping its metadata, reasons and fingerprint (so the same record read
        again is still known and not held twice). Returns how many entries were purged now."""

    @abstractmethod
    def record_scan(
        self, *, as_of: datetime, workspace: str, status: str, summary: Mapping[str, Any]
    ) -> int:
        """Keep the outcome of one scan; returns its id."""

    @abstractmethod
    def list_scans(self, limit: int = 20) -> Sequence[ScanRun]:
        """Latest scans first."""

    @abstractmethod
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
        """Keep the outcome of one check; returns its id."""

    @abstractmethod
    def list_checks(self, limit: int = 20, *, workspace: str | None = None) -> Sequence[CheckRun]:
        """Latest checks first (of one workspace when ``workspace`` is given)."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
