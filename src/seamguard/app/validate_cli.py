"""Use case behind ``seamguard validate``: resolve the contract and store, then validate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from seamguard.adapters.contract_yaml import load_contract, starter_contract, starter_ids
from seamguard.adapters.sources.files import expand
from seamguard.adapters.workspace_yaml import WORKSPACE_FILE, load_workspace
from seamguard.app.quarantine import apply_retention, workspace_privacy
from seamguard.app.scan import compile_placed
from seamguard.app.store import opened_store
from seamguard.app.validate import table_options, validate_files
from seamguard.core import pointer as jp
from seamguard.core.contract import Contract
from seamguard.core.validation.summary import ValidationRun
from seamguard.errors import Location, NotFoundError, SourceError, UsageError

_GLOB_CHARS = "*?["


class ValidateProgress(Protocol):
    """Progress sink for ``validate`` (the CLI's bar shows bytes/s and records/s)."""

    def start(self, total_bytes: int, label: str) -> None: ...

    def advance(self, nbytes: int, records: int = 1) -> None: ...

    def finish(self) -> None: ...


class _NoProgress:
    def start(self, total_bytes: int, label: str) -> None:
        pass

    def advance(self, nbytes: int, records: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


def resolve_contract(ref: str, workspace: Path, env: Mapping[str, str] | None = None) -> Contract:
    """A contract by file path, by id in the workspace, or by id in the starter library."""
    path = Path(ref)
    if ref.endswith((".yaml", ".yml")) or path.is_file():
        return load_contract(path)
    if (workspace / WORKSPACE_FILE).exists():
        ws = load_workspace(workspace, env=env)
        if ref in ws.contracts:
            return ws.contracts[ref]
    if ref in starter_ids():
        return starter_contract(ref)
    raise NotFoundError(
        f"unknown contract {ref!r}: not a file, not in the workspace, not a starter "
        f"(starters: {', '.join(starter_ids())})"
    )


def expand_inputs(args: Sequence[Path]) -> list[Path]:
    """The files named on the command line. An argument that is not a file but holds ``*``,
    ``?`` or ``[`` is a glob (quoted, so the shell left it alone; ``**`` allowed), expanded
    here in sorted order; a file named twice is read once."""
    out: list[Path] = []
    for arg in args:
        text = str(arg)
        if not arg.exists() and any(ch in text for ch in _GLOB_CHARS):
            matched = expand(text, Path())
            if not matched:
                raise SourceError(f"no file matches {text!r}")
            out.extend(matched)
        else:
            out.append(arg)
    return list(dict.fromkeys(out))


def parse_columns(specs: Sequence[str]) -> dict[str, str | None]:
    """``--column 'NAME=/pointer'`` (``NAME=`` leaves the column out) as a column mapping."""
    columns: dict[str, str | None] = {}
    for spec in specs:
        cut = spec.find("=/")
        if cut > 0:
            name, target = spec[:cut], spec[cut + 1 :]
        elif spec.endswith("=") and len(spec) > 1:
            name, target = spec[:-1], ""
        else:
            raise UsageError(
                f"--column takes NAME=/pointer (or NAME= to leave the column out); got {spec!r}"
            )
        if jp.WILDCARD in jp.parse(target):
            raise UsageError(f"--column {spec!r}: a column goes to one place, not to '*'")
        if name in columns:
            raise UsageError(f"--column names {name!r} twice")
        columns[name] = target or None
    return columns


def run_validate(
    files: Sequence[Path],
    contract_ref: str,
    *,
    workspace: Path,
    store: str | None,
    source: str | None,
    fmt: str | None,
    quarantine: bool,
    progress: ValidateProgress | None = None,
    now: datetime | None = None,
    env: Mapping[str, str] | None = None,
    workers: int = 1,
    columns: Mapping[str, str | None] | None = None,
) -> ValidationRun:
    """Validate ``files`` (quoted globs expanded); invalid records are quarantined unless
    ``quarantine`` is False. ``workers`` processes share JSONL files; ``columns`` maps CSV or
    Parquet columns to pointers."""
    if workers < 1:
        raise UsageError(f"--workers must be at least 1; got {workers}")
    contract = resolve_contract(contract_ref, workspace, env)
    compiled = compile_placed(contract)
    files = expand_inputs(files)
    for f in files:
        if not f.exists():
            raise SourceError("file not found", location=Location(file=str(f)))
        if f.is_dir():
            raise SourceError(
                f"{f} is a folder; name the files (a quoted glob works: '{f}/*.jsonl')"
            )
    shown = [(f, str(f)) for f in files]
    table = table_options(contract, columns or {})
    progress = progress or _NoProgress()
    progress.start(sum(f.stat().st_size for f in files), f"validate {contract.id}")
    received = now or datetime.now(UTC)
    source_name = source or (files[0].name if files else "cli")
    try:
        if not quarantine:
            return validate_files(
                compiled,
                shown,
                fmt=fmt,
                store=None,
                source=source_name,
                received_at=received,
                progress=progress.advance,
                table=table,
                workers=workers,
            )
        with opened_store(workspace, store, env) as st:
            run = validate_files(
                compiled,
                shown,
                fmt=fmt,
                store=st,
                source=source_name,
                received_at=received,
                progress=progress.advance,
                table=table,
                workers=workers,
            )
            apply_retention(st, workspace_privacy(workspace, env).retention, received)
            return run
    finally:
        progress.finish()
