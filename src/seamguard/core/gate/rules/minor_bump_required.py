"""minor-bump-required: a change to what data is valid with only a patch bump.

A patch promises that nothing about the data changed; a new optional field, a widened enum or a
new rule changes what producers may send, so it takes at least a minor bump.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.changes import (
    base_changes,
    breaking,
    bumped,
    is_additive,
    promises_nothing,
)
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="minor-bump-required",
    summary="The schema or rules changed compatibly but only the patch version went up.",
    rationale="A patch says the data did not change; an additive change to the schema or the "
    "semantic rules needs at least a minor bump so consumers can tell.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report additive changes under a patch or pre-release bump."""
    if not subject.changed or subject.head is None or subject.base is None:
        return
    if promises_nothing(subject.base.version, subject.head.version):
        return
    if bumped(subject.base.version, subject.head.version) not in ("patch", "pre"):
        return
    if any(True for _ in breaking(subject)):
        return  # major-bump-required says more
    rules = sorted({c.rule for c in base_changes(subject) if is_additive(c)})
    if not rules:
        return
    base, head = subject.base.version, subject.head.version
    yield Finding(
        contract=subject.contract_id,
        rule=RULE.id,
        path="",
        severity=RULE.severity,
        message=f"{base} → {head} is a patch, but the schema or rules changed "
        f"({', '.join(rules)}): bump at least the minor",
        pointer="/version",
        against=(base,),
    )
