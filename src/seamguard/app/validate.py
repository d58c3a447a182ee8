"""Use case: validate record files against a contract; hold back what fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from seamguard.adapters.sources.files import RawRecord, detect_format, read_records
from seamguard.adapters.stores.base import QuarantineItem, Store
from seamguard.core.validation.engine import CompiledContract
from seamguard.core.validation.summary import ValidationRun, ValidationSummary
from seamguard.core.validation.verdict import Verdict

Progress = Callable[[int], None]


@dataclass(frozen=True)
class CheckedRecord:
    """A record read, parsed and judged."""

    raw: RawRecord
    doc: Any
    verdict: Verdict


def check_records(
    compiled: CompiledContract, records: Iterator[RawRecord]
) -> Iterator[CheckedRecord]:
    """Judge records one at a time (streaming: memory does not grow with the input)."""
    for rec in records:
        doc, verdict = compiled.check_raw(rec.raw, rec.number, rec.line)
        yield CheckedRecord(raw=rec, doc=doc, verdict=verdict)


def iter_files(files: Sequence[tuple[Path, str]], fmt: str | None) -> Iterator[RawRecord]:
    """Records of several files, numbered continuously across them. ``files`` holds
    ``(path, shown_name)`` pairs."""
    number = 1
    for path, shown in files:
        for rec in read_records(path, detect_format(path, fmt), display=shown, start=number):
            number = rec.number + 1
            yield rec


def quarantine_item(
    checked: CheckedRecord, *, source: str, compiled: CompiledContract, received_at: datetime
) -> QuarantineItem:
    """What the store keeps of an invalid record: its bytes untouched, and every reason."""
    return QuarantineItem(
        source=source,
        contract_id=compiled.contract.id,
        contract_version=compiled.contract.version,
        record_number=checked.raw.number,
        location=checked.raw.location,
        raw=checked.raw.raw,
        reasons=tuple(
            {
                "rule": v.rule,
                "path": v.path,
                "keyword": v.keyword,
                "schema_pointer": v.schema_pointer,
                "message": v.message,
                "severity": v.severity,
                **({"rule_id": v.rule_id} if v.rule_id else {}),
            }
            for v in checked.verdict.violations
        ),
        received_at=received_at,
    )


def validate_files(
    compiled: CompiledContract,
    files: Sequence[tuple[Path, str]],
    *,
    fmt: str | None,
    store: Store | None,
    source: str,
    received_at: datetime,
    progress: Progress | None = None,
    batch: int = 1000,
) -> ValidationRun:
    """Validate every record of ``files``; invalid ones go to the store's quarantine in batches."""
    summary = ValidationSummary()
    pending: list[QuarantineItem] = []
    new = 0
    examples: list[tuple[int, str, tuple[Mapping[str, Any], ...]]] = []
    for checked in check_records(compiled, iter_files(files, fmt)):
        summary.add(checked.verdict, checked.raw.location)
        if progress is not None:
            progress(len(checked.raw.raw) + 1)
        if checked.verdict.valid:
            continue
        item = quarantine_item(checked, source=source, compiled=compiled, received_at=received_at)
        if len(examples) < 20:
            examples.append((checked.raw.number, checked.raw.location, item.reasons))
        if store is not None:
            pending.append(item)
            if len(pending) >= batch:
                new += store.put_quarantine(pending)
                pending.clear()
    if store is not None and pending:
        new += store.put_quarantine(pending)
    return ValidationRun(
        contract_id=compiled.contract.id,
        contract_version=compiled.contract.version,
        files=tuple(shown for _, shown in files),
        summary=summary,
        quarantined_new=new if store is not None else None,
        first_invalid=tuple(examples),
    )
