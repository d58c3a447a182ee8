"""Validation results as values: one :class:`Verdict` per record, each with its violations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Violation:
    """One reason a record does not meet its contract.

    ``rule`` is a stable id: ``schema.<keyword>`` for JSON Schema keywords, ``json.<issue>`` for
    problems in the JSON text, ``<kind>.<finding>`` for semantic rules (e.g.
    ``money.too-many-decimals``). ``path`` is the instance JSON pointer the finding is about;
    ``schema_pointer`` is where in the contract's schema (or rules) the failed constraint sits.
    """

    path: str
    rule: str
    keyword: str
    message: str
    schema_pointer: str = ""
    severity: str = "error"
    rule_id: str | None = None  # the contract's own rule id, for semantic rules


@dataclass(frozen=True)
class Verdict:
    """The outcome for one record: its number (1-based), line where known, and violations."""

    record: int
    line: int | None
    violations: tuple[Violation, ...]

    @property
    def valid(self) -> bool:
        return not any(v.severity == "error" for v in self.violations)

    @property
    def parsed(self) -> bool:
        return not any(v.rule == "json.malformed" for v in self.violations)
