"""contract-unreadable-at-base: the base ref's version of a contract does not load.

The head cannot be compared with it, so the gate says so instead of calling the contract new.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="contract-unreadable-at-base",
    summary="The version at the base ref cannot be read; the newest readable release is "
    "compared instead, if any.",
    rationale="A broken file at the base ref hides every change made since; fix it or waive.",
    severity="warning",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report a base version that failed to load."""
    if subject.base_error is None:
        return
    if subject.base is not None:
        instead = f"compared with {subject.base.version}, the newest release that can be read"
    else:
        instead = "no earlier release can be read either, so nothing was compared"
    yield Finding(
        contract=subject.contract_id,
        rule=RULE.id,
        path="",
        severity=RULE.severity,
        message=f"the version at the base cannot be read ({subject.base_error}); {instead}",
        pointer="/id",
    )
