"""Use case: validate record files against a contract; hold back what fails.

Memory does not grow with the input: records stream through one at a time, and a run keeps
only counts, violation groups (one per rule and generalised path), twenty example records and
at most one batch of quarantine items not yet written.

With ``workers > 1`` JSONL files are cut into byte ranges at line boundaries and checked by a
pool of processes, each compiling the contract once; the parent merges their results in input
order and alone writes to the store, so the outcome is the same as with one process, byte for
byte. Other formats (JSON, CSV, Parquet) are read in the parent, in their place in the order.
"""

from __future__ import annotations

import copyreg
import io
import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from seamguard.adapters.sources.files import (
    JsonlSlice,
    RawRecord,
    TableOptions,
    detect_format,
    read_records,
)
from seamguard.adapters.stores.base import QuarantineItem, Store
from seamguard.core.contract import Contract, thaw
from seamguard.core.privacy import UNKNOWN, PersonalData, withhold
from seamguard.core.validation.engine import NOT_CLEARED, CompiledContract, compile_contract
from seamguard.core.validation.rules import BATCH_COMPILERS, BatchSession
from seamguard.core.validation.summary import ValidationRun, ValidationSummary
from seamguard.core.validation.verdict import Verdict, Violation
from seamguard.errors import Location, SourceError

Progress = Callable[[int, int], None]
"""Called with ``(bytes, records)`` processed since the last call."""

MAX_EXAMPLES = 20
BATCH_KINDS = frozenset(BATCH_COMPILERS)
MIN_RANGE_BYTES = 1024 * 1024
MAX_RANGE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class CheckedRecord:
    """A record read, parsed and judged."""

    raw: RawRecord
    doc: Any
    verdict: Verdict


def check_record(
    compiled: CompiledContract,
    rec: RawRecord,
    *,
    need_document: bool = True,
    session: BatchSession | None = None,
) -> CheckedRecord:
    """Judge one record: JSON text is parsed (exactly, or first with the fast pass when the
    caller only needs the verdict: ``need_document=False``); a tabular row arrives already
    built. ``session`` adds the contract's cross-record findings (unique, cumulative)."""
    if rec.decoded is not None:
        doc: Any = rec.decoded
        verdict = compiled.check_document(doc, rec.number, rec.line, extra=rec.issues)
    elif rec.issues:
        # A row that could not be read at all: nothing to check but why it is unreadable.
        doc, verdict = None, Verdict(record=rec.number, line=rec.line, violations=rec.issues)
    else:
        doc, verdict = compiled.check_raw(
            rec.raw, rec.number, rec.line, exact_document=need_document
        )
    if session is not None and doc is not None:
        # Before withholding: batch findings quote key values, which may be personal.
        verdict = session.merge(verdict, doc)
    if verdict.violations:
        # No message may quote personal data: the store's reasons, reports and validate output
        # all come from this verdict (the raw payload, which retention purges, is the one place
        # personal values are kept).
        personal = PersonalData.of(compiled.contract.personal_data)
        verdict = withhold(verdict, UNKNOWN if doc is None else doc, personal)
    return CheckedRecord(raw=rec, doc=doc, verdict=verdict)


def check_records(
    compiled: CompiledContract, records: Iterator[RawRecord], *, need_documents: bool = True
) -> Iterator[CheckedRecord]:
    """Judge records one at a time (streaming: memory does not grow with the input, except for
    the keys a cross-record rule such as ``unique`` must remember)."""
    session = compiled.batch_session() if compiled.batch_rules else None
    for rec in records:
        yield check_record(compiled, rec, need_document=need_documents, session=session)


def iter_files(
    files: Sequence[tuple[Path, str]],
    fmt: str | None,
    *,
    table: TableOptions | None = None,
    start: int = 1,
) -> Iterator[RawRecord]:
    """Records of several files, numbered continuously across them from ``start``. ``files``
    holds ``(path, shown_name)`` pairs; ``table`` says how CSV and Parquet rows become
    records."""
    number = start
    for path, shown in files:
        for rec in read_records(
            path, detect_format(path, fmt), display=shown, start=number, table=table
        ):
            number = rec.number + 1
            yield rec


def table_options(
    contract: Contract, columns: Mapping[str, str | None] | Sequence[tuple[str, str | None]] = ()
) -> TableOptions:
    """How CSV and Parquet rows become records for ``contract``: cells read as its schema's
    types, ``columns`` (a mapping or ``(column, pointer)`` pairs) placing them."""
    return TableOptions(schema=thaw(contract.schema), columns=dict(columns))


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


class _Run:
    """The state of one validate run: bounded whatever the number of records."""

    def __init__(
        self,
        compiled: CompiledContract,
        *,
        store: Store | None,
        source: str,
        received_at: datetime,
        batch: int,
    ) -> None:
        self.compiled = compiled
        self.store = store
        self.source = source
        self.received_at = received_at
        self.batch = batch
        self.summary = ValidationSummary()
        self.examples: list[tuple[int, str, tuple[Mapping[str, Any], ...]]] = []
        self.pending: list[QuarantineItem] = []
        self.new = 0

    @property
    def next_number(self) -> int:
        return self.summary.records + 1

    def add(self, checked: CheckedRecord) -> None:
        self.summary.add(checked.verdict, checked.raw.location)
        if checked.verdict.valid:
            return
        item = quarantine_item(
            checked, source=self.source, compiled=self.compiled, received_at=self.received_at
        )
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append((checked.raw.number, checked.raw.location, item.reasons))
        if self.store is not None:
            self.pending.append(item)
            if len(self.pending) >= self.batch:
                self.flush()

    def add_clean(self, count: int) -> None:
        """``count`` records without any finding. What ``summary.add`` does for such a verdict
        (one more record, one more valid), at once: a call per record would make the parent
        the bottleneck of a worker pool. The workers=1 identity test guards the equivalence."""
        self.summary.records += count
        self.summary.valid += count

    def flush(self) -> None:
        if self.store is not None and self.pending:
            self.new += self.store.put_quarantine(self.pending)
            self.pending = []


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
    table: TableOptions | None = None,
    workers: int = 1,
    range_bytes: int | None = None,
) -> ValidationRun:
    """Validate every record of ``files``; invalid ones go to the store's quarantine in batches.

    ``workers`` > 1 checks JSONL files in that many processes (ranges of ``range_bytes``,
    default sized from the input); the result is the same as with one. A contract whose rules
    look across records (``batch_rules``) is always checked in one process.
    """
    run = _Run(compiled, store=store, source=source, received_at=received_at, batch=batch)
    table = table or TableOptions()
    notes: list[str] = []
    if workers > 1 and compiled.batch_rules:
        kinds = sorted({spec.kind for spec in compiled.contract.rules if spec.kind in BATCH_KINDS})
        notes.append(
            f"checked in one process, not {workers}: {compiled.contract.id} has cross-record "
            f"rules ({', '.join(kinds)}), which must see every record in order"
        )
    if workers > 1 and not compiled.batch_rules:
        _validate_parallel(run, files, fmt, table, workers, range_bytes, progress)
    else:
        _validate_files_serial(run, files, fmt, table, progress)
    run.flush()
    return ValidationRun(
        contract_id=compiled.contract.id,
        contract_version=compiled.contract.version,
        files=tuple(shown for _, shown in files),
        summary=run.summary,
        quarantined_new=run.new if store is not None else None,
        first_invalid=tuple(run.examples),
        notes=tuple(notes),
    )


def _validate_files_serial(
    run: _Run,
    files: Sequence[tuple[Path, str]],
    fmt: str | None,
    table: TableOptions,
    progress: Progress | None,
) -> None:
    for path, shown in files:
        if run.compiled.fast_pass is not None and detect_format(path, fmt) == "jsonl":
            _validate_jsonl_fast(run, JsonlSlice(path, shown), progress)
        else:
            records = iter_files([(path, shown)], fmt, table=table, start=run.next_number)
            _validate_serial(run, records, progress)


def _validate_serial(run: _Run, records: Iterator[RawRecord], progress: Progress | None) -> None:
    for checked in check_records(run.compiled, records, need_documents=False):
        run.add(checked)
        if progress is not None:
            progress(len(checked.raw.raw) + 1, 1)


# Clean records counted (and progress reported) this many at a time by the fast loop.
_CLEAN_BATCH = 1024


def _validate_jsonl_fast(run: _Run, part: JsonlSlice, progress: Progress | None) -> None:
    """The loop for JSONL under a contract with a fast pass: a clean record costs the fast
    check and a count; only a record it does not clear is built and judged in full (exactly:
    the fast pass has had its say), in its place in the order."""
    fast_pass, not_cleared = run.compiled.fast_pass, NOT_CLEARED
    assert fast_pass is not None
    clean = nbytes = 0
    for line, body in part.bodies():
        if fast_pass(body) is not not_cleared:
            clean += 1
            nbytes += len(body) + 1
            if clean == _CLEAN_BATCH:
                run.add_clean(clean)
                if progress is not None:
                    progress(nbytes, clean)
                clean = nbytes = 0
            continue
        if clean:
            run.add_clean(clean)
            if progress is not None:
                progress(nbytes, clean)
            clean = nbytes = 0
        rec = RawRecord(number=run.next_number, file=part.shown, line=line, raw=body)
        run.add(check_record(run.compiled, rec, need_document=True))
        if progress is not None:
            progress(len(body) + 1, 1)
    if clean:
        run.add_clean(clean)
        if progress is not None:
            progress(nbytes, clean)


# -- worker processes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Range:
    """One byte range of a JSONL file for a worker (``end`` None: to the end of the file)."""

    path: str
    shown: str
    start: int
    end: int | None
    keep_raw: bool


@dataclass(frozen=True)
class _RangeResult:
    """What a worker found in a range, numbered from 1 within it: the records with any
    finding as ``(number, line, violations, raw)`` (raw only for invalid ones, and only when
    there is a store to hold them), and how many records, lines and bytes the range held."""

    records: int
    lines: int
    nbytes: int
    flagged: tuple[tuple[int, int, tuple[Violation, ...], bytes], ...]


_WORKER_CONTRACT: list[CompiledContract] = []


def _proxy(items: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(items)


def _contract_bytes(contract: Contract) -> bytes:
    """The contract pickled for the workers. Its frozen mappings (MappingProxyType, which
    pickle refuses) travel as dicts and are frozen again on arrival."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    table = copyreg.dispatch_table.copy()
    table[MappingProxyType] = lambda m: (_proxy, (dict(m),))
    pickler.dispatch_table = table
    pickler.dump(contract)
    return buf.getvalue()


def _init_worker(contract: bytes) -> None:
    """Compile the contract once per worker process."""
    _WORKER_CONTRACT[:] = [compile_contract(pickle.loads(contract))]


def _check_range(task: _Range) -> _RangeResult:
    compiled = _WORKER_CONTRACT[0]
    part = JsonlSlice(Path(task.path), task.shown, start=task.start, end=task.end)
    flagged: list[tuple[int, int, tuple[Violation, ...], bytes]] = []
    records = 0
    for line, body in part.bodies():
        records += 1
        if compiled.clears(body):
            continue
        # check_record, as in one process: the same verdict, post-processing included.
        rec = RawRecord(number=records, file=task.shown, line=line, raw=body)
        verdict = check_record(compiled, rec, need_document=True).verdict
        if verdict.violations:
            raw = rec.raw if task.keep_raw and not verdict.valid else b""
            flagged.append((rec.number, rec.line or 0, verdict.violations, raw))
    return _RangeResult(
        records=records, lines=part.lines, nbytes=part.nbytes, flagged=tuple(flagged)
    )


def _pool_context() -> Any:
    # Never plain fork: the parent may run threads (the progress bar) and hold open database
    # connections, which a forked child must not inherit.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # The fork server imports the validator once; each worker forks from it ready to run
    # instead of importing it again.
    ctx.set_forkserver_preload(["__main__", __name__])
    return ctx


def _validate_parallel(
    run: _Run,
    files: Sequence[tuple[Path, str]],
    fmt: str | None,
    table: TableOptions,
    workers: int,
    range_bytes: int | None,
    progress: Progress | None,
) -> None:
    sizes: list[int | None] = []  # None: not JSONL, read in the parent
    for path, shown in files:
        if detect_format(path, fmt) != "jsonl":
            sizes.append(None)
            continue
        try:
            sizes.append(path.stat().st_size)
        except OSError as exc:
            raise SourceError(
                f"cannot read {shown}: {exc.strerror}", location=Location(file=shown)
            ) from None
    total = sum(size or 0 for size in sizes)
    step = range_bytes or min(MAX_RANGE_BYTES, max(MIN_RANGE_BYTES, total // (workers * 8)))
    keep_raw = run.store is not None
    plan: list[tuple[Path, str, list[_Range] | None]] = []
    for (path, shown), size in zip(files, sizes, strict=True):
        if size is None:
            plan.append((path, shown, None))
            continue
        starts = list(range(0, max(size, 1), step))
        # The last range runs to the end of the file, whatever was appended since it was sized.
        parts = [_Range(str(path), shown, s, s + step, keep_raw) for s in starts[:-1]]
        parts.append(_Range(str(path), shown, starts[-1], None, keep_raw))
        plan.append((path, shown, parts))
    if sum(len(parts or ()) for _, _, parts in plan) < 2:
        # Nothing to share out: a pool would only cost its start-up.
        _validate_files_serial(run, files, fmt, table, progress)
        return

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_pool_context(),
        initializer=_init_worker,
        initargs=(_contract_bytes(run.compiled.contract),),
    )
    # Results are merged strictly in input order; at most two ranges per worker wait, so the
    # parent holds a bounded number of results however far the workers run ahead.
    window: deque[tuple[Future[_RangeResult], _Range]] = deque()
    lines_before = 0  # lines of the current file in the ranges merged so far

    def merge_one() -> None:
        nonlocal lines_before
        future, part = window.popleft()
        result = future.result()
        if part.start == 0:
            lines_before = 0
        base = run.next_number - 1
        for number, line, violations, raw in result.flagged:
            n, at = base + number, lines_before + line
            rec = RawRecord(number=n, file=part.shown, line=at, raw=raw)
            run.add(CheckedRecord(rec, None, Verdict(record=n, line=at, violations=violations)))
        run.add_clean(result.records - len(result.flagged))
        lines_before += result.lines
        if progress is not None:
            progress(result.nbytes, result.records)

    try:
        for path, shown, ranges in plan:
            if ranges is None:
                while window:
                    merge_one()
                records = iter_files([(path, shown)], fmt, table=table, start=run.next_number)
                _validate_serial(run, records, progress)
                continue
            for part in ranges:
                window.append((pool.submit(_check_range, part), part))
                while len(window) > 2 * workers:
                    merge_one()
        while window:
            merge_one()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
