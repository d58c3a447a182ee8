"""Use case: the CI gate. Compare every contract of a workspace with its released versions in
git, apply the gate's policy and the waivers, place every finding at file:line:col and record
the run in the store.

The head is the working tree (what CI checked out, plus anything uncommitted); a released
version is one reachable from the base ref. Which files are contracts at the base is decided by
the head's ``contracts:`` patterns, so moving a contract to another file keeps its history (it
is matched by id).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from seamguard.adapters.contract_yaml import contract_from_document
from seamguard.adapters.git import GitRepo
from seamguard.adapters.stores.sql import open_store
from seamguard.adapters.workspace_yaml import LoadedWorkspace, load_workspace
from seamguard.adapters.yamlpos import LocatedDocument, parse_located
from seamguard.core.contract import Contract
from seamguard.core.gate.check import check_contract, mode_of
from seamguard.core.gate.model import CheckResult, ContractCheck, Finding, Revision
from seamguard.core.gate.subject import Released
from seamguard.core.gate.waivers import apply_waivers
from seamguard.errors import ContractError, Location

__all__ = ["CheckOutcome", "run_check"]

_YAML = (".yaml", ".yml")


@dataclass(frozen=True)
class CheckOutcome:
    """The result, the workspace it was run on and the id of the run in the store."""

    result: CheckResult
    workspace: LoadedWorkspace
    run_id: int | None


@dataclass(frozen=True)
class _Version:
    """A contract file as read from one commit: the contract, or why it does not load."""

    commit: str
    file: str  # repository-relative
    document: LocatedDocument | None
    contract: Contract | None
    error: str | None = None


def run_check(
    path: Path,
    *,
    base: str | None = None,
    as_of: datetime,
    fetch: bool | None = None,
    record: bool = True,
    env: Mapping[str, str] | None = None,
) -> CheckOutcome:
    """Run the gate on the workspace at ``path`` against ``base`` (default: ``check.base`` in
    seamguard.yaml, else the merge base of HEAD with the default branch)."""
    ws = load_workspace(path, env=os.environ if env is None else env)
    settings = ws.settings.check
    repo = GitRepo.discover(ws.root)
    may_fetch = settings.fetch if fetch is None else fetch
    base_ref, base_commit = repo.base_commit(base or settings.base, fetch=may_fetch)
    head_commit = repo.head_commit()
    ws_dir = repo.relative(ws.root)
    patterns = [_join(ws_dir, p) for p in ws.settings.contracts]
    folders = sorted({_folder(p) for p in patterns})

    head_files = {cid: repo.relative(p) for cid, p in ws.contract_paths.items()}
    # a base file with the very bytes of the head's file at the same path is that contract:
    # most files of a pull request are untouched, and this spares parsing them twice
    same = {head_files[cid]: (_bytes(p), ws.contracts[cid]) for cid, p in ws.contract_paths.items()}
    at_base = _versions(
        repo,
        [(base_commit, f) for f in _matching(repo.list_files(base_commit, ws_dir), patterns)],
        same,
    )
    base_by_id: dict[str, _Version] = {}
    unreadable: dict[str, _Version] = {}
    for version in at_base:
        if version.contract is None:
            unreadable[version.file] = version
        else:
            base_by_id.setdefault(version.contract.id, version)

    transitive = {
        cid
        for cid in set(ws.contract_paths) | set(base_by_id)
        if mode_of(_declared(ws, base_by_id, cid).compatibility)[2]
    }
    history = _history(repo, base_commit, folders, patterns, transitive, same, fetch=may_fetch)

    as_of_day = as_of.date()
    gate = settings.gate()
    checks: list[ContractCheck] = []
    for cid in sorted(set(ws.contract_paths) | set(base_by_id)):
        head = ws.contracts.get(cid) if cid in ws.contract_paths else None
        base_version = base_by_id.get(cid)
        released: list[Released] = []
        if base_version is not None and base_version.contract is not None:
            released.append(Released(base_version.contract, base_commit, base_version.file))
            for older in history.get(cid, ()):
                if all(r.version != older.version for r in released):
                    released.append(older)
        broken = unreadable.pop(head_files.get(cid, ""), None) if base_version is None else None
        checks.append(
            check_contract(
                cid,
                head=head,
                head_file=head_files.get(cid),
                released=tuple(released),
                as_of=as_of_day,
                settings=gate,
                base_error=broken.error if broken is not None else None,
            )
        )
    for leftover in unreadable.values():  # a broken file at the base that the head dropped
        checks.append(
            check_contract(
                leftover.file,
                head=None,
                head_file=leftover.file,
                released=(),
                as_of=as_of_day,
                settings=gate,
                base_error=leftover.error,
            )
        )

    ws_file = repo.relative(ws.file)
    waived, about_waivers = apply_waivers(checks, ws.settings.waivers, as_of=as_of_day)
    placed = tuple(_place(check, repo, ws, base_by_id) for check in waived)
    about = tuple(
        replace(f, location=replace(ws.document.locate(f.pointer), file=ws_file))
        for f in about_waivers
    )
    # only what the check reads counts: the store (.seamguard/) or reports may be untracked
    dirty = repo.dirty([*folders, ws_file])
    result = CheckResult(
        as_of=as_of,
        base=Revision(ref=base_ref, commit=base_commit),
        head=Revision(ref="HEAD", commit=head_commit, dirty=dirty),
        contracts=placed,
        findings=about,
    )
    run_id = _record(ws, result) if record else None
    return CheckOutcome(result=result, workspace=ws, run_id=run_id)


def _declared(ws: LoadedWorkspace, base: Mapping[str, _Version], cid: str) -> Contract:
    head = ws.contracts.get(cid) if cid in ws.contract_paths else None
    if head is not None:
        return head
    contract = base[cid].contract
    assert contract is not None
    return contract


def _join(folder: str, pattern: str) -> str:
    joined = PurePosixPath(folder) / pattern if folder else PurePosixPath(pattern)
    return str(joined).removeprefix("./")


def _folder(pattern: str) -> str:
    """The longest leading part of a pattern without glob characters (what git can filter on)."""
    parts: list[str] = []
    for part in PurePosixPath(pattern).parts:
        if any(ch in part for ch in "*?["):
            break
        parts.append(part)
    return "/".join(parts) or "."


def _matching(files: Iterable[str], patterns: Iterable[str]) -> list[str]:
    """The repository files the workspace's ``contracts:`` patterns name (as the workspace loader
    reads them: a folder means every YAML file below it, a glob matches YAML files)."""
    wanted = list(patterns)
    out = []
    for file in files:
        if not file.endswith(_YAML):
            continue
        for pattern in wanted:
            if any(ch in pattern for ch in "*?["):
                hit = fnmatch.fnmatchcase(file, pattern) or fnmatch.fnmatchcase(
                    file, pattern.replace("**/", "")
                )
            else:
                hit = file == pattern or file.startswith(pattern.rstrip("/") + "/")
            if hit:
                out.append(file)
                break
    return out


def _versions(
    repo: GitRepo,
    items: list[tuple[str, str]],
    same: Mapping[str, tuple[bytes | None, Contract]] | None = None,
) -> list[_Version]:
    blobs = repo.read_blobs(items)
    known = same or {}
    out: list[_Version] = []
    for commit, file in items:
        raw = blobs.get((commit, file))
        if raw is None:
            continue
        head = known.get(file)
        if head is not None and head[0] == raw:
            out.append(_Version(commit, file, None, head[1]))
        else:
            out.append(_parse(commit, file, raw))
    return out


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _parse(commit: str, file: str, raw: bytes) -> _Version:
    shown = f"{file}@{commit[:12]}"
    try:
        text = raw.decode("utf-8")
        document = parse_located(text, file=shown, error=ContractError)
        if not isinstance(document.data, dict) or "id" not in document.data:
            return _Version(commit, file, None, None, f"{shown} is not a contract")
        return _Version(commit, file, document, contract_from_document(document))
    except UnicodeDecodeError as exc:
        return _Version(commit, file, None, None, f"{shown} is not UTF-8 (byte {exc.start})")
    except ContractError as exc:
        return _Version(commit, file, None, None, str(exc))


def _history(
    repo: GitRepo,
    base_commit: str,
    folders: list[str],
    patterns: list[str],
    wanted: set[str],
    same: Mapping[str, tuple[bytes | None, Contract]],
    *,
    fetch: bool,
) -> dict[str, list[Released]]:
    """Every released version of the ``wanted`` contract ids, newest first, one per version
    number (the newest file that carried it). Only ``_transitive`` modes need this."""
    if not wanted:
        return {}
    changes = repo.file_history(base_commit, folders, fetch=fetch)
    items = [(commit, file) for commit, file in changes if _matching([file], patterns)]
    out: dict[str, list[Released]] = {}
    for version in _versions(repo, items, same):
        contract = version.contract
        if contract is None or contract.id not in wanted:
            continue
        known = out.setdefault(contract.id, [])
        if all(r.version != contract.version for r in known):
            known.append(Released(contract, version.commit, version.file))
    return out


def _place(
    check: ContractCheck, repo: GitRepo, ws: LoadedWorkspace, base: Mapping[str, _Version]
) -> ContractCheck:
    """Every finding of ``check`` at file:line:col: in the working-tree file for a contract the
    head has (the nearest written ancestor of a removed key), in the base file otherwise."""
    if not check.findings:
        return check
    document: LocatedDocument | None = None
    shown = check.file
    disk = ws.contract_paths.get(check.contract)
    if disk is not None:
        try:
            document = parse_located(
                disk.read_text(encoding="utf-8"), file=shown, error=ContractError
            )
        except (OSError, UnicodeDecodeError, ContractError):
            document = None  # it loaded a moment ago; positions are a courtesy
    elif check.contract in base:
        document = base[check.contract].document
    findings: list[Finding] = []
    for f in check.findings:
        if document is not None:
            where = replace(document.locate(f.pointer), file=shown)
        else:
            where = Location(file=shown or None, pointer=f.pointer)
        findings.append(replace(f, location=where))
    return replace(check, findings=tuple(findings))


def _record(ws: LoadedWorkspace, result: CheckResult) -> int:
    contracts = {
        c.contract: {
            "verdict": c.verdict,
            "change": c.change,
            "base_version": c.base_version,
            "head_version": c.head_version,
            "errors": sum(1 for f in c.findings if f.counts and f.severity == "error"),
            "warnings": sum(1 for f in c.findings if f.counts and f.severity == "warning"),
            "waived": sum(1 for f in c.findings if not f.counts),
        }
        for c in result.contracts
    }
    with open_store(ws.settings.store, base_dir=ws.root) as store:
        return store.record_check(
            as_of=result.as_of,
            workspace=str(ws.root),
            base_ref=result.base.ref,
            base_commit=result.base.commit,
            head_commit=result.head.commit,
            dirty=result.head.dirty,
            verdict=result.verdict,
            contracts=contracts,
            summary=result.counts(),
        )
