"""contract-removed: a contract the base ref has is gone from the workspace.

Every consumer of a deleted contract loses its interface; only a contract already marked
``status: retired`` in its released version may go quietly (reported as info).
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.contract import Status
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="contract-removed",
    summary="A contract of the base ref is no longer in the workspace.",
    rationale="Consumers of a deleted contract lose their interface; retire it first "
    "(status: retired in a released version) and delete it afterwards.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report a released contract the head no longer has."""
    if subject.head is not None or subject.base is None:
        return
    released = subject.base.contract
    retired = released.status is Status.RETIRED
    consumers = tuple(sorted({c.system for c in released.consumers}))
    note = (
        "it was retired"
        if retired
        else "mark it status: retired in a released version before deleting it"
    )
    yield Finding(
        contract=subject.contract_id,
        rule=RULE.id,
        path="",
        severity="info" if retired else RULE.severity,
        message=f"contract {subject.contract_id} {released.version} is no longer in the "
        f"workspace (deleted, or outside its contracts: patterns): {note}",
        pointer="/id",
        consumers=consumers,
        against=(released.version,),
    )
