"""contract-unreadable-at-base: the base ref's version of a contract does not load.

The head cannot be compared with it, so the gate says so instead of calling the contract new.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="contract-unreadable-at-base",
    summary="The released version of a contract cannot be read, so nothing was compared.",
    rationale="A broken file at the base ref hides every change made since; fix it or waive.",
    severity="warning",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report a base version that failed to load."""
    if subject.base_error is not None:
        yield Finding(
            contract=subject.contract_id,
            rule=RULE.id,
            path="",
            severity=RULE.severity,
            message=f"the base version could not be read, so it was not compared: "
            f"{subject.base_error}",
            pointer="/id",
        )
