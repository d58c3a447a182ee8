"""What a rule kind provides and what the engine calls: document checks and batch rules.

A *document* rule judges one record on its own (``money``, ``sum``, ``cel``, ...): a pure
function ``doc -> violations``. A *batch* rule needs state across the records of one run
(``unique``, ``cumulative``): the engine starts a fresh :class:`BatchState` per run and feeds it
every parsed record in order. A batch rule reports a finding on the record that makes it (the
second occurrence of a key, the refund that crosses the captured amount) at the moment that
record is fed, so a streaming caller can put the finding into that record's verdict before it
decides to quarantine the record; ``finish`` returns what can only be known at the end (no kind
needs it yet, but the protocol keeps room for e.g. "a key that never reappeared"). State grows
with the number of distinct keys, never with the records' payloads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from seamguard.core.contract import RuleSpec
from seamguard.core.validation.verdict import Verdict, Violation


class RuleCheck(Protocol):
    """A compiled document rule: one parsed (exact) document in, its violations out."""

    def __call__(self, doc: Any) -> Iterable[Violation]: ...


@dataclass(frozen=True)
class RuleContext:
    """What a rule compiler may know besides its own spec: the contract's other rules (so
    ``same_currency`` can take its currency pointers from the contract's money rules)."""

    rules: tuple[RuleSpec, ...] = ()


@dataclass(frozen=True, order=True)
class BatchFinding:
    """A violation a batch rule found, with the number of the record it belongs to."""

    record: int
    violation: Violation


class BatchState(Protocol):
    """The running state of one batch rule over one run of records."""

    def feed(self, record: int, doc: Any) -> Sequence[Violation]:
        """Take the next record (in order); return the findings on *this* record."""
        ...

    def finish(self) -> Sequence[BatchFinding]:
        """Findings that could only be known once every record was fed."""
        ...


class BatchRule(Protocol):
    """A compiled batch rule: starts one independent state per run."""

    @property
    def rule_id(self) -> str: ...

    def start(self) -> BatchState: ...


class BatchSession:
    """Every batch rule of a contract over one run of records.

    Feed parsed documents in record order (``doc`` is what ``check_raw`` returned; skip records
    that did not parse). Nothing here touches the record's bytes, so memory stays bounded by the
    number of distinct keys.
    """

    def __init__(self, states: Sequence[BatchState]) -> None:
        self._states = tuple(states)

    def __bool__(self) -> bool:
        return bool(self._states)

    def feed(self, record: int, doc: Any) -> tuple[Violation, ...]:
        """The batch findings on ``record``, known as soon as it is fed."""
        found: list[Violation] = []
        for state in self._states:
            found.extend(state.feed(record, doc))
        return tuple(found)

    def merge(self, verdict: Verdict, doc: Any) -> Verdict:
        """Feed ``doc`` (the document of ``verdict.record``) and return the verdict with the
        batch findings added (sorted, each finding once, like the engine's own)."""
        extra = self.feed(verdict.record, doc)
        if not extra:
            return verdict
        unique: dict[tuple[str, str, str], Violation] = {}
        for v in (*verdict.violations, *extra):
            unique.setdefault((v.path, v.rule, v.message), v)
        return Verdict(
            record=verdict.record, line=verdict.line, violations=tuple(sorted(unique.values()))
        )

    def finish(self) -> tuple[BatchFinding, ...]:
        """End-of-run findings of every rule, sorted by record."""
        out: list[BatchFinding] = []
        for state in self._states:
            out.extend(state.finish())
        return tuple(sorted(out))
