"""deprecation-unexplained: a new deprecation with neither a replacement nor a reason.

A deprecation is a message to consumers; without saying what to use instead or why the field
goes away, nobody can act on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="deprecation-unexplained",
    summary="A field was deprecated with neither a replacement nor a reason.",
    rationale="Consumers must know what to move to, or why the field goes away; add "
    "replacement: or reason: to the deprecation.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report deprecations added since the base version that explain nothing."""
    if subject.head is None:
        return
    before = (
        {d.path for d in subject.base.contract.deprecations} if subject.base is not None else set()
    )
    for i, deprecation in enumerate(subject.head.deprecations):
        if deprecation.path in before or deprecation.replacement or deprecation.reason:
            continue
        yield Finding(
            contract=subject.contract_id,
            rule=RULE.id,
            path=deprecation.path,
            severity=RULE.severity,
            message=f"deprecation of {deprecation.path} names neither a replacement nor a reason",
            pointer=f"/deprecations/{i}",
        )
