"""The workspace on disk: ``seamguard.yaml`` plus its contracts, errors at file:line:col."""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from seamguard.adapters.contract_yaml import load_contract, starter_contract, starter_ids
from seamguard.adapters.yamlpos import LocatedDocument, load_located
from seamguard.config import Workspace, workspace_from_mapping
from seamguard.core import pointer as jp
from seamguard.core.contract import Contract
from seamguard.errors import ConfigError, ContractError, Location

WORKSPACE_FILE = "seamguard.yaml"


@dataclass(frozen=True)
class LoadedWorkspace:
    """A workspace read from disk: settings, the contracts it can use, and where things are."""

    root: Path
    file: Path
    settings: Workspace
    document: LocatedDocument
    contracts: Mapping[str, Contract]  # id -> contract: the workspace's own, then starters it names
    contract_files: Mapping[str, str]  # id -> file shown in messages
    # id -> the file on disk, for the workspace's own contracts (not the starters it names)
    contract_paths: Mapping[str, Path] = field(default_factory=dict)

    def display(self, path: Path) -> str:
        """A path as messages show it: relative to the workspace when inside it."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)


def find_workspace_file(path: Path) -> Path:
    """``path`` itself when it is a file, else ``path/seamguard.yaml``."""
    if path.is_file():
        return path
    candidate = path / WORKSPACE_FILE
    if not candidate.exists():
        raise ConfigError(
            f"no {WORKSPACE_FILE} in {path} (create one with `seamguard init {path}`)"
        )
    return candidate


def load_workspace(path: Path, env: Mapping[str, str] | None = None) -> LoadedWorkspace:
    """Read ``seamguard.yaml`` and every contract it can see; place every error."""
    file = find_workspace_file(path)
    root = file.parent.resolve()
    doc = load_located(file, error=ConfigError, display=_shown(file))
    if file.name != WORKSPACE_FILE and _looks_like_contract(doc.data):
        raise ConfigError(
            "this is a contract; pass the workspace folder (the one with "
            f"{WORKSPACE_FILE}){_nearest_workspace(file)}",
            location=Location(file=doc.file),
        )
    try:
        settings = workspace_from_mapping(doc.data, env=os.environ if env is None else env)
    except ConfigError as exc:
        raise exc.with_location(doc.locate(exc.location.pointer)) from None

    contracts: dict[str, Contract] = {}
    files: dict[str, str] = {}
    paths: dict[str, Path] = {}
    for i, pattern in enumerate(settings.contracts):
        found = _contract_files(root, pattern)
        named = "contracts" in doc.data  # named explicitly, so a missing folder is a mistake
        is_glob = any(ch in pattern for ch in "*?[")
        if named and not found and not is_glob and not (root / pattern).exists():
            raise ConfigError(
                f"contracts folder {pattern!r} does not exist under {root}",
                location=doc.value_location(f"/contracts/{i}")
                if isinstance(doc.data["contracts"], list)
                else doc.value_location("/contracts"),
            )
        for contract_path in found:
            shown = _shown(contract_path)
            contract = load_contract(contract_path, display=shown)
            if contract.id in contracts:
                # parsed again, on this error path only, to place it at the second `id:`
                where = load_located(contract_path, error=ContractError, display=shown)
                raise ContractError(
                    f"contract id {contract.id} is defined twice: {files[contract.id]} and {shown}",
                    location=where.locate("/id"),
                )
            contracts[contract.id] = contract
            files[contract.id] = shown
            paths[contract.id] = contract_path.resolve()

    bundled = set(starter_ids())
    for name, source in settings.sources.items():
        if source.contract in contracts:
            continue
        if source.contract in bundled:
            contracts[source.contract] = starter_contract(source.contract)
            files[source.contract] = f"<starter>/{source.contract}.yaml"
            continue
        known = sorted(set(contracts) | bundled)
        raise ConfigError(
            f"source {name} names contract {source.contract!r}, which is neither in the workspace "
            f"nor a starter contract (known: {', '.join(known)})",
            location=doc.value_location(jp.join(["sources", name, "contract"])),
        )
    return LoadedWorkspace(
        root=root,
        file=file,
        settings=settings,
        document=doc,
        contracts=contracts,
        contract_files=files,
        contract_paths=paths,
    )


def _looks_like_contract(data: object) -> bool:
    return isinstance(data, Mapping) and "id" in data and "schema" in data


def _nearest_workspace(file: Path) -> str:
    """``, e.g. <folder>`` naming the nearest folder above ``file`` holding a seamguard.yaml
    (as messages show paths), or nothing when there is none."""
    for folder in file.resolve().parents:
        if (folder / WORKSPACE_FILE).is_file():
            return f", e.g. {_shown(folder)}"
    return ""


def _contract_files(root: Path, pattern: str) -> list[Path]:
    base = root / pattern
    if any(ch in pattern for ch in "*?["):
        return sorted(
            Path(p) for p in glob.glob(str(base), recursive=True) if p.endswith((".yaml", ".yml"))
        )
    if base.is_dir():
        return sorted(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if base.is_file():
        return [base]
    return []


def _shown(path: Path, root: Path | None = None) -> str:
    base = root or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)
