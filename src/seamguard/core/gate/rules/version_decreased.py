"""version-decreased: the head's version is lower than the released one.

Versions only move forward; a lower one would make consumers and registries see a downgrade.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.changes import bumped
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="version-decreased",
    summary="The contract's version is lower than its released version.",
    rationale="Versions only move forward: a lower one reads as a downgrade everywhere it is "
    "pinned or compared.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report a head version below the base version."""
    if subject.head is None or subject.base is None:
        return
    if bumped(subject.base.version, subject.head.version) == "down":
        yield Finding(
            contract=subject.contract_id,
            rule=RULE.id,
            path="",
            severity=RULE.severity,
            message=f"version went down from {subject.base.version} to {subject.head.version}",
            pointer="/version",
            against=(subject.base.version,),
        )
