"""Use case: classify every change between two versions of a contract or a JSON Schema.

Two contracts are diffed as contracts (their schemas plus the commerce semantics: money fields,
semantic rules); when either side is a bare JSON Schema, the two schemas are diffed. The result
is a value; the CLI decides the exit code and the renderers the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from seamguard.adapters.schema_file import SchemaFile, load_schema_file
from seamguard.core.compat.engine import diff_contracts, diff_schemas
from seamguard.core.compat.model import Change, DiffResult, Mode, Policy
from seamguard.errors import Location

__all__ = ["DiffOutcome", "run_diff"]


@dataclass(frozen=True)
class DiffOutcome:
    """Both sides as loaded and the engine's verdict."""

    old: SchemaFile
    new: SchemaFile
    result: DiffResult

    @property
    def as_contracts(self) -> bool:
        """Whether the contract semantics were compared too (both sides are contracts)."""
        return self.old.is_contract and self.new.is_contract

    def location_of(self, change: Change) -> Location:
        """Where a change sits: in NEW when its pointer exists there, else in OLD.

        A pointer that is not in either schema (a contract's semantic rule, say) is looked up in
        the whole contract file, NEW first.
        """
        old_pointer = change.old_pointer or change.pointer
        if self.new.has(change.pointer):
            return self.new.locate(change.pointer)
        if self.old.has(old_pointer):
            return self.old.locate(old_pointer)
        for side, pointer in ((self.new, change.pointer), (self.old, old_pointer)):
            if side.document is not None and side.is_contract:
                located = side.locate_in_document(pointer)
                if located.line is not None:
                    return located
        return self.new.locate(change.pointer)


def run_diff(
    old: Path,
    new: Path,
    *,
    mode: Mode = "backward",
    policy: Policy = "lenient",
    old_display: str | None = None,
    new_display: str | None = None,
) -> DiffOutcome:
    """Load OLD and NEW (errors raise, exit 2) and diff them under ``mode`` and ``policy``."""
    before = load_schema_file(old, display=old_display)
    after = load_schema_file(new, display=new_display)
    if before.contract is not None and after.contract is not None:
        result = diff_contracts(before.contract, after.contract, mode=mode, policy=policy)
    else:
        result = diff_schemas(before.schema, after.schema, mode=mode, policy=policy)
    return DiffOutcome(old=before, new=after, result=result)
