"""Use cases: what was held back, getting it back out, and how long its payloads are kept.

Raw payloads carry personal data. Everything here that shows or writes them redacts the
personal-data paths of the record's contract (see :mod:`seamguard.core.privacy`) unless the
workspace says ``privacy: {redact: false}`` or the command line asks for the originals.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from seamguard.adapters.contract_yaml import starter_contract, starter_ids
from seamguard.adapters.stores.base import QuarantineEntry, Store
from seamguard.adapters.workspace_yaml import WORKSPACE_FILE, load_workspace
from seamguard.config import PrivacySettings
from seamguard.core.contract import Contract
from seamguard.core.privacy import (
    UNKNOWN,
    PersonalData,
    RedactedRaw,
    document_of,
    redact_raw,
    withhold_reasons,
)
from seamguard.core.timeutil import rfc3339
from seamguard.errors import NotFoundError, OutputError


class Privacy:
    """What a quarantine command applies: redact or not, and where personal data sits in the
    records of each contract (the workspace's contracts, else the starter library; a contract
    seamguard cannot find gets the built-in table)."""

    def __init__(
        self, settings: PrivacySettings, contracts: Mapping[str, Contract], *, redact: bool
    ) -> None:
        self.settings = settings
        self.redact = redact
        self._contracts = dict(contracts)
        self._personal: dict[str, PersonalData] = {}

    def personal_data(self, contract_id: str) -> PersonalData:
        """Where personal data sits in records of ``contract_id``."""
        if contract_id not in self._personal:
            contract = self._contracts.get(contract_id)
            if contract is None and contract_id in starter_ids():
                contract = starter_contract(contract_id)
            self._personal[contract_id] = PersonalData.of(
                contract.personal_data if contract is not None else ()
            )
        return self._personal[contract_id]


def workspace_privacy(workspace: Path, env: Mapping[str, str] | None = None) -> PrivacySettings:
    """The workspace's ``privacy`` settings; the defaults where there is no workspace file."""
    if (workspace / WORKSPACE_FILE).exists() or workspace.is_file():
        return load_workspace(workspace, env=env).settings.privacy
    return PrivacySettings()


def load_privacy(
    workspace: Path, env: Mapping[str, str] | None = None, *, redact: bool | None = None
) -> Privacy:
    """The privacy a command applies; ``redact`` (from ``--redact/--no-redact``) overrides the
    workspace's ``privacy.redact``."""
    if (workspace / WORKSPACE_FILE).exists() or workspace.is_file():
        ws = load_workspace(workspace, env=env)
        settings, contracts = ws.settings.privacy, ws.contracts
    else:
        settings, contracts = PrivacySettings(), {}
    return Privacy(settings, contracts, redact=settings.redact if redact is None else redact)


def _redacted(entry: QuarantineEntry, privacy: Privacy) -> RedactedRaw:
    return redact_raw(entry.item.raw, privacy.personal_data(entry.item.contract_id))


def entry_document(
    entry: QuarantineEntry, *, with_raw: bool = False, privacy: Privacy | None = None
) -> dict[str, Any]:
    """One quarantine entry as JSON (list/show/export share this shape). With a redacting
    ``privacy``, the payload's personal-data paths are redacted and no reason message quotes
    personal data; ``redacted`` says whether that was applied."""
    item = entry.item
    redacting = privacy is not None and privacy.redact
    reasons: Sequence[Mapping[str, Any]] = item.reasons
    if privacy is not None and redacting:
        # Reasons written by this version never quote personal data (app.validate withholds
        # those messages before they are stored); rows written by earlier ones may.
        doc = UNKNOWN if entry.raw_purged else document_of(item.raw)
        reasons = withhold_reasons(item.reasons, privacy.personal_data(item.contract_id), doc)
    out: dict[str, Any] = {
        "id": entry.id,
        "status": entry.status,
        "source": item.source,
        "contract": item.contract_id,
        "contract_version": item.contract_version,
        "record_number": item.record_number,
        "location": item.location,
        "received_at": rfc3339(item.received_at),
        "reasons": [dict(r) for r in reasons],
        "raw_purged": entry.raw_purged,
        "redacted": redacting,
    }
    if with_raw:
        if entry.raw_purged:
            out["raw"] = None
            return out
        raw = item.raw
        if privacy is not None and redacting:
            red = _redacted(entry, privacy)
            raw = red.data
            out["redacted_values"] = red.replaced if red.parsed else None
        try:
            out["raw"] = raw.decode("utf-8")
        except UnicodeDecodeError:
            out["raw_base64"] = base64.b64encode(raw).decode("ascii")
    return out


def list_entries(
    store: Store, *, source: str | None, contract: str | None, status: str | None, limit: int | None
) -> Sequence[QuarantineEntry]:
    return store.list_quarantine(source=source, contract=contract, status=status, limit=limit)


def get_entry(store: Store, entry_id: int) -> QuarantineEntry:
    entry = store.get_quarantine(entry_id)
    if entry is None:
        raise NotFoundError(f"no quarantined record with id {entry_id}")
    return entry


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: ``written`` records; ``purged`` skipped (a ``--raw`` export has no
    payload to write for them); ``unredacted_personal`` records written with personal data in
    the clear (the caller warns about those)."""

    written: int
    purged: int
    unredacted_personal: int


def export_entries(
    entries: Sequence[QuarantineEntry], out: Path, *, raw_only: bool, privacy: Privacy
) -> ExportResult:
    """Write entries as JSONL: with metadata and the (redacted) payload, or (``raw_only``) the
    payloads one record per line, ready to feed back through ``validate`` once fixed, which
    needs the originals: ``privacy.redact`` off."""
    if out.is_dir():
        raise OutputError(f"--out {out} is a folder; name the JSONL file to write")
    written = purged = personal = 0
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as handle:
            for entry in entries:
                if entry.raw_purged and raw_only:
                    purged += 1
                    continue
                if (
                    not privacy.redact
                    and not entry.raw_purged
                    and _redacted(entry, privacy).changed
                ):
                    personal += 1
                if raw_only:
                    raw = _redacted(entry, privacy).data if privacy.redact else entry.item.raw
                    # Line breaks in a JSON document are whitespace between tokens (a string
                    # cannot hold a raw newline), so flattening keeps the payload's meaning.
                    handle.write(raw.replace(b"\r", b"").replace(b"\n", b" ") + b"\n")
                else:
                    doc = entry_document(entry, with_raw=True, privacy=privacy)
                    line = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
                    handle.write(line.encode("utf-8") + b"\n")
                written += 1
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
    return ExportResult(written=written, purged=purged, unredacted_personal=personal)


def apply_retention(store: Store, retention: timedelta | None, now: datetime) -> int:
    """Blank the raw payloads received more than ``retention`` before ``now`` (``scan`` passes
    its ``--as-of``); nothing when no retention is set. Returns how many were purged."""
    if retention is None:
        return 0
    return store.purge_raw(now - retention)
