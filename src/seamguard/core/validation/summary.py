"""Roll record verdicts up into what a person reads: violations grouped by rule and path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.validation.verdict import Verdict


@dataclass
class _Group:
    rule: str
    path: str
    count: int
    first_record: int
    first_location: str
    message: str


@dataclass
class ValidationSummary:
    """Counts and grouped violations for one stream of verdicts (mutable while accumulating)."""

    records: int = 0
    valid: int = 0
    invalid: int = 0
    warnings: int = 0
    money_invalid: int = 0
    groups: dict[tuple[str, str], _Group] = field(default_factory=dict)

    def add(self, verdict: Verdict, location: str) -> None:
        """Count one verdict; ``location`` (file:line) is kept for the first record of a group."""
        self.records += 1
        if verdict.valid:
            self.valid += 1
        else:
            self.invalid += 1
        if any(v.severity == "warning" for v in verdict.violations):
            self.warnings += 1
        if any(v.rule.startswith("money.") for v in verdict.violations):
            self.money_invalid += 1
        seen: set[tuple[str, str]] = set()
        for v in verdict.violations:
            key = (v.rule, jp.generalize(v.path) if v.path else v.path)
            if key in seen:
                continue  # one record counts once per group, however many items it fails on
            seen.add(key)
            group = self.groups.get(key)
            if group is None:
                self.groups[key] = _Group(v.rule, key[1], 1, verdict.record, location, v.message)
            else:
                group.count += 1

    def extend(self, items: Iterable[tuple[Verdict, str]]) -> None:
        for verdict, location in items:
            self.add(verdict, location)

    def by_rule(self) -> dict[str, int]:
        """Records per rule (a record failing a rule at two paths counts in each group)."""
        out: dict[str, int] = {}
        for g in self.groups.values():
            out[g.rule] = out.get(g.rule, 0) + g.count
        return dict(sorted(out.items()))

    def violations(self) -> list[dict[str, Any]]:
        """Groups, most frequent first, then by rule and path (stable)."""
        ordered = sorted(self.groups.values(), key=lambda g: (-g.count, g.rule, g.path))
        return [
            {
                "rule": g.rule,
                "path": g.path,
                "count": g.count,
                "first_record": g.first_record,
                "first_location": g.first_location,
                "message": g.message,
            }
            for g in ordered
        ]


@dataclass(frozen=True)
class ValidationRun:
    """Outcome of validating a set of files against one contract."""

    contract_id: str
    contract_version: str
    files: tuple[str, ...]
    summary: ValidationSummary
    quarantined_new: int | None  # None: quarantine was not asked for
    first_invalid: tuple[tuple[int, str, tuple[Mapping[str, Any], ...]], ...]  # a few examples
    # What the user should know about how the run went (an option that could not apply).
    notes: tuple[str, ...] = ()
