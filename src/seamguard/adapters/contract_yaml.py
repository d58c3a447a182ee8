"""Contract files: YAML (or a bare JSON Schema) on disk -> :class:`Contract`, errors at file:line:col."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from seamguard.adapters.yamlpos import LocatedDocument, load_located, parse_located
from seamguard.core.contract import Contract, contract_from_mapping
from seamguard.errors import ContractError, Location

STARTER_PACKAGE = "seamguard.contracts"


def load_contract(path: Path, *, display: str | None = None) -> Contract:
    """Load one contract file; every problem is a ContractError naming file:line:col."""
    doc = load_located(path, error=ContractError, display=display)
    return contract_from_document(doc)


def contract_from_document(doc: LocatedDocument) -> Contract:
    """Build a contract from a located document, placing model errors at their key."""
    try:
        return contract_from_mapping(doc.data, source_file=doc.file)
    except ContractError as exc:
        raise exc.with_location(doc.locate(exc.location.pointer)) from None


def starter_ids() -> tuple[str, ...]:
    """Ids of the contracts bundled with seamguard (the starter library), sorted."""
    folder = resources.files(STARTER_PACKAGE)
    return tuple(
        sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))
    )


def starter_text(contract_id: str) -> str:
    """The YAML text of one starter contract (for ``seamguard init`` to copy)."""
    res = resources.files(STARTER_PACKAGE) / f"{contract_id}.yaml"
    if not res.is_file():
        raise ContractError(
            f"no starter contract {contract_id!r} (bundled: {', '.join(starter_ids())})"
        )
    return res.read_text(encoding="utf-8")


def starter_contract(contract_id: str) -> Contract:
    """One bundled contract, parsed."""
    text = starter_text(contract_id)
    doc = parse_located(text, file=f"<starter>/{contract_id}.yaml", error=ContractError)
    return contract_from_document(doc)


def locate_in_file(path: Path, pointer: str, *, display: str | None = None) -> Location:
    """Where ``pointer`` sits in a contract file (for errors found after loading, e.g. when the
    schema is compiled)."""
    try:
        doc = load_located(path, error=ContractError, display=display)
    except ContractError:
        return Location(file=display or str(path), pointer=pointer)
    return doc.locate(pointer)
