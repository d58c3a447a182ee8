"""Use case: the CI gate. Compare every contract of a workspace with its released versions in
git, apply the gate's policy and the waivers, place every finding at file:line:col and record
the run in the store.

The head is the working tree (what CI checked out, plus anything uncommitted); a released
version is one reachable from the base ref. Contracts are matched by id, never by file name, so
moving one keeps its history. The files read as contracts at the base are those the head's
``contracts:`` patterns name together with those the base's own seamguard.yaml named (a pull
request that moves the contracts folder and says so in seamguard.yaml still compares them);
a head contract found by neither is looked for by its ``id:`` line in every YAML file of the
base tree (the whole workspace moved, or a pattern narrowed).
"""

from __future__ import annotations

import fnmatch
import importlib.util
import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from seamguard.adapters.contract_yaml import contract_from_document
from seamguard.adapters.git import GitRepo
from seamguard.adapters.stores.sql import SUPPORTED_SCHEMES, open_store, redact_url
from seamguard.adapters.workspace_yaml import LoadedWorkspace, load_workspace
from seamguard.adapters.yamlpos import LocatedDocument, parse_located
from seamguard.config import expand_vars
from seamguard.core.contract import Contract
from seamguard.core.gate.check import check_contract, mode_of
from seamguard.core.gate.model import (
    CheckResult,
    ContractCheck,
    Finding,
    Revision,
    finding_counts,
)
from seamguard.core.gate.subject import Released
from seamguard.core.gate.waivers import apply_waivers
from seamguard.errors import ConfigError, ContractError, Location, UsageError

__all__ = ["CheckOutcome", "record_check", "run_check", "store_url"]

_YAML = (".yaml", ".yml")


@dataclass(frozen=True)
class CheckOutcome:
    """The result, the workspace it was run on and the id of the run in the store."""

    result: CheckResult
    workspace: LoadedWorkspace
    run_id: int | None
    #: the store the run is recorded in instead of the workspace's (``--store``), expanded;
    #: not in the repr, as it may hold a password
    store: str | None = field(default=None, repr=False)


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
    store: str | None = None,
    env: Mapping[str, str] | None = None,
) -> CheckOutcome:
    """Run the gate on the workspace at ``path`` against ``base`` (default: ``check.base`` in
    seamguard.yaml, else the merge base of HEAD with the default branch).

    ``record``: store the run in the workspace's store, or in ``store`` (a URL, see
    :func:`store_url`; checked before anything is read, and kept in the outcome). The CLI calls
    :func:`record_check` itself after the report is out, so a store failure cannot swallow the
    report. ``env`` (default the process environment) expands ``${VAR}`` references and names
    the branch of a detached CI checkout."""
    if base is not None and not base.strip():
        raise UsageError(
            "--base is empty: name a git ref (branch, tag or commit), or leave it out to compare "
            "with check.base or the merge base with the default branch"
        )
    environ = os.environ if env is None else env
    other_store = store_url(store, environ) if store is not None else None
    ws = load_workspace(path, env=environ)
    _driver_installed(other_store or ws.settings.store, "--store" if other_store else "store:")
    settings = ws.settings.check
    repo = GitRepo.discover(ws.root)
    # first: in a repository without commits, that is what to say (not "no default branch")
    head_commit = repo.head_commit()
    ws_dir = repo.relative(ws.root)
    ws_file = repo.relative(ws.file)
    head_patterns = _head_patterns(repo, ws, ws_dir)
    may_fetch = settings.fetch if fetch is None else fetch
    try:
        base_ref, base_commit = repo.base_commit(base or settings.base, fetch=may_fetch)
    except UsageError as exc:
        if base or settings.base is None:
            raise
        # the ref came from seamguard.yaml, not the command line: say where to change it
        where = ws.document.value_location("/check/base")
        raise UsageError(f"check.base: {exc.message}", location=where) from None
    patterns = list(
        dict.fromkeys([*head_patterns, *_base_patterns(repo, ws, base_commit, ws_file, ws_dir)])
    )
    folders = sorted({_folder(p) for p in patterns})

    head_files = {cid: repo.relative(p) for cid, p in ws.contract_paths.items()}
    # a base file with the very bytes of a head file is that contract, wherever it was: most
    # files of a pull request are untouched (or only moved), and this spares parsing them twice
    same = {
        raw: ws.contracts[cid]
        for cid, p in ws.contract_paths.items()
        if (raw := _bytes(p)) is not None
    }
    base_by_id, unreadable, moved = _at_base(repo, base_commit, ws, patterns, folders, same)

    transitive = {
        cid
        for cid in set(ws.contract_paths) | set(base_by_id)
        if mode_of(_declared(ws, base_by_id, cid).compatibility)[2]
    }
    history = _history(
        repo,
        base_commit,
        sorted({*folders, *moved}),
        [*patterns, *moved],
        transitive,
        same,
        fetch=may_fetch,
    )

    as_of_day = as_of.date()
    gate = settings.gate()
    checks: list[ContractCheck] = []
    for cid in sorted(set(ws.contract_paths) | set(base_by_id)):
        head = ws.contracts.get(cid) if cid in ws.contract_paths else None
        base_version = base_by_id.get(cid)
        broken = unreadable.pop(head_files.get(cid, ""), None) if base_version is None else None
        if broken is not None:
            # a broken file at the base must not wave a break through: the head is compared
            # with the newest release of that file that reads (the rule still reports it)
            base_version = _newest_readable(repo, base_commit, broken.file, cid, same, may_fetch)
        released: list[Released] = []
        if base_version is not None and base_version.contract is not None:
            released.append(Released(base_version.contract, base_version.commit, base_version.file))
            for older in history.get(cid, ()):
                if all(r.version != older.version for r in released):
                    released.append(older)
        checks.append(
            check_contract(
                cid,
                head=head,
                head_file=head_files.get(cid),
                released=tuple(released),
                as_of=as_of_day,
                settings=gate,
                base_error=broken.error if broken is not None else None,
                probe_paths=tuple(w.path for w in ws.settings.waivers if w.contract == cid),
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

    waived, about_waivers = apply_waivers(checks, ws.settings.waivers, as_of=as_of_day)
    placed = tuple(_place(check, repo, ws, base_by_id) for check in waived)
    about = tuple(
        replace(f, location=replace(ws.document.locate(f.pointer), file=ws_file))
        for f in about_waivers
    )
    # only what the check reads counts: the store (.seamguard/) or reports may be untracked
    dirty = repo.dirty([*sorted({_folder(p) for p in head_patterns}), ws_file])
    head_ref = repo.head_ref()
    if head_ref == "HEAD":
        head_ref = _ci_branch(environ) or "HEAD"
    result = CheckResult(
        as_of=as_of,
        base=Revision(ref=base_ref, commit=base_commit),
        head=Revision(ref=head_ref, commit=head_commit, dirty=dirty),
        contracts=placed,
        findings=about,
    )
    outcome = CheckOutcome(result=result, workspace=ws, run_id=None, store=other_store)
    if record:
        outcome = replace(outcome, run_id=record_check(outcome))
    return outcome


def _at_base(
    repo: GitRepo,
    base_commit: str,
    ws: LoadedWorkspace,
    patterns: list[str],
    folders: list[str],
    same: Mapping[bytes, Contract],
) -> tuple[dict[str, _Version], dict[str, _Version], list[str]]:
    """The contracts at the base: by id those that load, by file those that do not, and the
    files found elsewhere in the tree for head contracts the patterns did not find (moved)."""
    ws_file = repo.relative(ws.file)
    head_files = {cid: repo.relative(p) for cid, p in ws.contract_paths.items()}
    listed = repo.list_files(base_commit, _common(folders))
    at_base = _versions(repo, [(base_commit, f) for f in _matching(listed, patterns)], same)
    base_by_id: dict[str, _Version] = {}
    unreadable: dict[str, _Version] = {}
    for version in at_base:
        if version.contract is None:
            unreadable[version.file] = version
        else:
            base_by_id.setdefault(version.contract.id, version)
    lost = {
        cid: head_files[cid]
        for cid in sorted(ws.contract_paths)
        if cid not in base_by_id and head_files[cid] not in unreadable
    }
    moved: list[str] = []
    if lost:
        read = {v.file for v in at_base} | {ws_file}
        for cid, version in _find_by_id(repo, base_commit, lost, read, same).items():
            base_by_id[cid] = version
            moved.append(version.file)
    return base_by_id, unreadable, moved


#: Where CI names the branch of a detached checkout, in order: a GitHub Actions pull request
#: (which checks out a merge commit), a GitLab merge request pipeline, any GitLab pipeline.
CI_BRANCH_VARIABLES = (
    "GITHUB_HEAD_REF",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_COMMIT_REF_NAME",
)


def _ci_branch(env: Mapping[str, str]) -> str | None:
    return next((env[name] for name in CI_BRANCH_VARIABLES if env.get(name)), None)


def _driver_installed(url: str, named: str) -> None:
    """Refuse up front a PostgreSQL store without its driver: finding out after the check ran
    would cost the recording of a run already done."""
    if url.startswith(("postgresql", "postgres:")) and importlib.util.find_spec("psycopg") is None:
        raise UsageError(
            f"{named} {redact_url(url)} is PostgreSQL, whose driver is not installed: "
            "pip install 'seamguard[postgres]' (or record elsewhere with --store sqlite:///...)"
        )


def store_url(value: str, env: Mapping[str, str]) -> str:
    """``--store`` as a store URL: ``${VAR}`` references expanded from ``env`` as in the
    ``store:`` key of seamguard.yaml, and a scheme seamguard supports. Raises
    :class:`~seamguard.errors.UsageError` (naming an unset variable, never a value)."""
    if not value.strip():
        raise UsageError(
            "--store is empty: name a store URL (e.g. sqlite:///ci-checks.db), or leave it out "
            "to record in the workspace's store"
        )
    try:
        url = expand_vars(value, env, "")
    except ConfigError as exc:
        raise UsageError(f"--store: {exc.message}") from None
    if not url.startswith(SUPPORTED_SCHEMES):
        # shown as written, references unexpanded: what the environment holds stays out
        shown = redact_url(value)
        shown = value if shown.startswith("<") else shown
        scheme, sep, _ = url.partition("://")
        if url != value and sep:
            shown += f" (its value starts {scheme}://)"
        raise UsageError(
            f"--store: unsupported store {shown}: use sqlite:///path or postgresql://..."
        )
    return url


def record_check(outcome: CheckOutcome, store: str | None = None) -> int:
    """Record a check run in ``store`` (a store URL; default the outcome's ``store``, else the
    workspace's ``store:``, a relative SQLite path being under the workspace); the run's id.
    Raises :class:`~seamguard.errors.StoreError` when the store cannot be opened or written."""
    ws = outcome.workspace
    result = outcome.result
    contracts = {}
    for c in result.contracts:
        counts = finding_counts(c.findings)
        contracts[c.contract] = {
            "verdict": c.verdict,
            "change": c.change,
            "base_version": c.base_version,
            "head_version": c.head_version,
            "errors": counts["error"],
            "warnings": counts["warning"],
            "waived": counts["waived"],
        }
    with open_store(store or outcome.store or ws.settings.store, base_dir=ws.root) as db:
        return db.record_check(
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


def _head_patterns(repo: GitRepo, ws: LoadedWorkspace, ws_dir: str) -> list[str]:
    """The head's ``contracts:`` patterns as repository paths. One that leads out of the
    repository is a :class:`ConfigError` at its entry: git has no base version of it."""
    out: list[str] = []
    listed = isinstance(ws.document.data, dict) and isinstance(
        ws.document.data.get("contracts"), list
    )
    for i, pattern in enumerate(ws.settings.contracts):
        joined = _in_repo(repo, ws_dir, pattern)
        if joined is None:
            where = ws.document.value_location(f"/contracts/{i}" if listed else "/contracts")
            raise ConfigError(
                f"contracts entry {pattern!r} is outside the git repository at {repo.root}, so "
                "check cannot compare it with the base ref: move those contracts into the "
                "repository (or check them from a workspace in their own repository)",
                location=where,
            )
        out.append(joined)
    return out


def _base_patterns(
    repo: GitRepo, ws: LoadedWorkspace, base_commit: str, ws_file: str, ws_dir: str
) -> list[str]:
    """The ``contracts:`` patterns of the base's own seamguard.yaml at the same place, as
    repository paths; nothing when it is the head's file, missing or unreadable (the gate
    reports on the head; the base's settings only help find its contracts)."""
    raw = repo.read_blobs([(base_commit, ws_file)]).get((base_commit, ws_file))
    if raw is None or raw == _bytes(ws.file):
        return []
    try:
        data = parse_located(
            raw.decode("utf-8"), file=f"{ws_file}@{base_commit[:12]}", error=ConfigError
        ).data
    except (UnicodeDecodeError, ConfigError):
        return []
    if not isinstance(data, dict):
        return []
    node = data.get("contracts", ["contracts"])
    entries = [node] if isinstance(node, str) else node if isinstance(node, list) else []
    joined = (_in_repo(repo, ws_dir, p) for p in entries if isinstance(p, str))
    return [p for p in joined if p is not None]


def _in_repo(repo: GitRepo, ws_dir: str, pattern: str) -> str | None:
    """``pattern`` (relative to the workspace, or absolute) as a repository path (``.`` for the
    root), or None when it leads outside the repository."""
    pure = PurePosixPath(pattern.replace(os.sep, "/") if os.sep != "/" else pattern)
    if pure.is_absolute():
        try:
            text = str(pure.relative_to(repo.root.as_posix()))
        except ValueError:
            return None
    else:
        text = posixpath.join(ws_dir, pure.as_posix()) if ws_dir else pure.as_posix()
    text = posixpath.normpath(text)
    if text == ".." or text.startswith("../"):
        return None
    return text


def _common(folders: Iterable[str]) -> str:
    """The deepest folder holding all of ``folders`` (``""`` for the repository root)."""
    parts = list(folders)
    if not parts or "." in parts:
        return ""
    common = posixpath.commonpath(parts)
    return "" if common == "." else common


def _find_by_id(
    repo: GitRepo,
    base_commit: str,
    wanted: Mapping[str, str],
    read: set[str],
    same: Mapping[bytes, Contract],
) -> dict[str, _Version]:
    """The base versions of head contracts (``id -> head file``) that no ``contracts:``
    pattern found: every other YAML file of the base tree is read (in one ``cat-file``), and
    those with a top-level ``id:`` line naming one of the ids are parsed, a file with the head
    file's name first; the first that loads as that contract is its base version."""
    files = [f for f in repo.list_files(base_commit, "") if f.endswith(_YAML) and f not in read]
    if not files:
        return {}
    ids = b"|".join(re.escape(cid.encode("utf-8")) for cid in wanted)
    # a top-level `id: <one of them>` line, quoted or not, perhaps with a comment
    line = re.compile(rb"^id:[ \t]*[\"']?(" + ids + rb")[\"']?[ \t]*(?:#.*)?\r?$", re.MULTILINE)
    blobs = repo.read_blobs((base_commit, f) for f in files)
    candidates: dict[str, list[str]] = {}
    for file in files:
        raw = blobs.get((base_commit, file))
        if raw is None:
            continue
        for match in line.finditer(raw):
            candidates.setdefault(match.group(1).decode("utf-8"), []).append(file)
    found: dict[str, _Version] = {}
    parsed: dict[str, _Version] = {}
    for cid, head_file in wanted.items():
        name = PurePosixPath(head_file).name
        ordered = sorted(candidates.get(cid, ()), key=lambda f: PurePosixPath(f).name != name)
        for file in ordered:
            version = parsed.get(file)
            if version is None:
                raw = blobs[(base_commit, file)]
                version = parsed[file] = _version(base_commit, file, raw, same)
            if version.contract is not None and version.contract.id == cid:
                found[cid] = version
                break
    return found


def _declared(ws: LoadedWorkspace, base: Mapping[str, _Version], cid: str) -> Contract:
    head = ws.contracts.get(cid) if cid in ws.contract_paths else None
    if head is not None:
        return head
    contract = base[cid].contract
    assert contract is not None
    return contract


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
            elif pattern == ".":  # the repository root: every YAML file
                hit = True
            else:
                hit = file == pattern or file.startswith(pattern.rstrip("/") + "/")
            if hit:
                out.append(file)
                break
    return out


def _versions(
    repo: GitRepo, items: list[tuple[str, str]], same: Mapping[bytes, Contract]
) -> list[_Version]:
    blobs = repo.read_blobs(items)
    return [
        _version(commit, file, raw, same)
        for commit, file in items
        if (raw := blobs.get((commit, file))) is not None
    ]


def _version(commit: str, file: str, raw: bytes, same: Mapping[bytes, Contract]) -> _Version:
    """The contract in ``raw``: the head's own when the bytes are a head file's, else parsed."""
    head = same.get(raw)
    return _Version(commit, file, None, head) if head is not None else _parse(commit, file, raw)


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


def _newest_readable(
    repo: GitRepo,
    base_commit: str,
    file: str,
    cid: str,
    same: Mapping[bytes, Contract],
    fetch: bool,
) -> _Version | None:
    """The newest version of ``file`` reachable from ``base_commit`` that loads as contract
    ``cid``, or None. What a shallow clone holds is walked first (its commits are the newest,
    so a version found there is the newest overall); the full history only when that has none
    and ``fetch`` may complete it."""
    found = _first_loading(repo, repo.file_history(base_commit, [file], complete=False), cid, same)
    if found is None and fetch and repo.is_shallow():
        found = _first_loading(repo, repo.file_history(base_commit, [file], fetch=True), cid, same)
    return found


def _first_loading(
    repo: GitRepo, items: list[tuple[str, str]], cid: str, same: Mapping[bytes, Contract]
) -> _Version | None:
    """The first of ``items`` (commit, file) that loads as contract ``cid``; parsed in order,
    stopping there."""
    blobs = repo.read_blobs(items)
    for commit, file in items:
        raw = blobs.get((commit, file))
        if raw is None:
            continue
        version = _version(commit, file, raw, same)
        if version.contract is not None and version.contract.id == cid:
            return version
    return None


def _history(
    repo: GitRepo,
    base_commit: str,
    folders: list[str],
    patterns: list[str],
    wanted: set[str],
    same: Mapping[bytes, Contract],
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
