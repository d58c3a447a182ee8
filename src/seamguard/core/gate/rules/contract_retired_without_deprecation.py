"""contract-retired-without-deprecation: an active contract retired in one step.

Retiring is what allows deleting a contract; without a released ``status: deprecated`` first,
its consumers are never told to move, and the next pull request deletes it as planned.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.contract import Status
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="contract-retired-without-deprecation",
    summary="An active contract was retired without a released deprecated status first.",
    rationale="Consumers learn a contract is going away from status: deprecated; release that "
    "first, then retire it, then delete it.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report active -> retired in one change."""
    if subject.head is None or subject.base is None:
        return
    if subject.head.status is not Status.RETIRED:
        return
    if subject.base.contract.status is not Status.ACTIVE:
        return  # draft (never promised) or already deprecated
    consumers = tuple(
        sorted({c.system for c in (*subject.base.contract.consumers, *subject.head.consumers)})
    )
    yield Finding(
        contract=subject.contract_id,
        rule=RULE.id,
        path="",
        severity=RULE.severity,
        message=f"{subject.contract_id} went from active to retired: release it as deprecated "
        "first so its consumers are told",
        pointer="/status",
        consumers=consumers,
        against=(subject.base.version,),
    )
