"""Use cases: what was held back, and getting it back out."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from seamguard.adapters.stores.base import QuarantineEntry, Store
from seamguard.core.timeutil import rfc3339
from seamguard.errors import NotFoundError, OutputError


def entry_document(entry: QuarantineEntry, *, with_raw: bool = False) -> dict[str, Any]:
    """One quarantine entry as JSON (list/show/export share this shape)."""
    item = entry.item
    doc: dict[str, Any] = {
        "id": entry.id,
        "status": entry.status,
        "source": item.source,
        "contract": item.contract_id,
        "contract_version": item.contract_version,
        "record_number": item.record_number,
        "location": item.location,
        "received_at": rfc3339(item.received_at),
        "reasons": [dict(r) for r in item.reasons],
    }
    if with_raw:
        try:
            doc["raw"] = item.raw.decode("utf-8")
        except UnicodeDecodeError:
            doc["raw_base64"] = base64.b64encode(item.raw).decode("ascii")
    return doc


def list_entries(
    store: Store, *, source: str | None, contract: str | None, status: str | None, limit: int | None
) -> Sequence[QuarantineEntry]:
    return store.list_quarantine(source=source, contract=contract, status=status, limit=limit)


def get_entry(store: Store, entry_id: int) -> QuarantineEntry:
    entry = store.get_quarantine(entry_id)
    if entry is None:
        raise NotFoundError(f"no quarantined record with id {entry_id}")
    return entry


def export_entries(entries: Sequence[QuarantineEntry], out: Path, *, raw_only: bool) -> int:
    """Write entries as JSONL: with metadata and the raw payload, or (``raw_only``) the
    original bytes one record per line, ready to feed back through ``validate``."""
    if out.is_dir():
        raise OutputError(f"--out {out} is a folder; name the JSONL file to write")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as handle:
            for entry in entries:
                if raw_only:
                    # Line breaks in a JSON document are whitespace between tokens (a string
                    # cannot hold a raw newline), so flattening keeps the payload's meaning.
                    handle.write(entry.item.raw.replace(b"\r", b"").replace(b"\n", b" ") + b"\n")
                else:
                    doc = entry_document(entry, with_raw=True)
                    line = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
                    handle.write(line.encode("utf-8") + b"\n")
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
    return len(entries)
