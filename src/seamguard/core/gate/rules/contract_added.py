"""contract-added: a contract id the base ref does not have.

Not a problem in itself; reported so a reviewer sees a new interface being promised.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="contract-added",
    summary="The workspace has a contract the base ref does not.",
    rationale="A new contract is a new promise to its consumers; reviewers should see it.",
    severity="info",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report a head contract with no released version."""
    if subject.head is not None and subject.base is None and subject.base_error is None:
        yield Finding(
            contract=subject.contract_id,
            rule=RULE.id,
            path="",
            severity=RULE.severity,
            message=f"new contract {subject.contract_id} {subject.head.version}",
            pointer="/id",
        )
