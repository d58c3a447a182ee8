"""Use case behind ``seamguard validate``: resolve the contract and store, then validate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from seamguard.adapters.contract_yaml import load_contract, starter_contract, starter_ids
from seamguard.adapters.workspace_yaml import WORKSPACE_FILE, load_workspace
from seamguard.app.scan import ScanProgress
from seamguard.app.store import opened_store
from seamguard.app.validate import validate_files
from seamguard.core.contract import Contract
from seamguard.core.validation.engine import compile_contract
from seamguard.core.validation.summary import ValidationRun
from seamguard.errors import NotFoundError, SourceError


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


def run_validate(
    files: Sequence[Path],
    contract_ref: str,
    *,
    workspace: Path,
    store: str | None,
    source: str | None,
    fmt: str | None,
    quarantine: bool,
    progress: ScanProgress | None = None,
    now: datetime | None = None,
    env: Mapping[str, str] | None = None,
) -> ValidationRun:
    """Validate ``files``; invalid records are quarantined unless ``quarantine`` is False."""
    contract = resolve_contract(contract_ref, workspace, env)
    compiled = compile_contract(contract)
    for f in files:
        if not f.exists():
            raise SourceError(f"file not found: {f}")
        if f.is_dir():
            raise SourceError(f"{f} is a folder; name the files (a shell glob works: {f}/*.jsonl)")
    shown = [(f, str(f)) for f in files]
    progress = progress or ScanProgress()
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
            )
        with opened_store(workspace, store, env) as st:
            return validate_files(
                compiled,
                shown,
                fmt=fmt,
                store=st,
                source=source_name,
                received_at=received,
                progress=progress.advance,
            )
    finally:
        progress.finish()
