"""version-unchanged: the contract changed but its version did not.

Two different contracts under one version make every version number a lie: consumers pinned
to it cannot tell which one they get.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

from seamguard.core.contract import Contract
from seamguard.core.gate.changes import base_changes, breaking, is_additive
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="version-unchanged",
    summary="A changed contract keeps the version of its released one.",
    rationale="Each version must name one contract; bump the major for a breaking change, the "
    "minor for an additive one and the patch for anything else.",
)


def changed_keys(before: Contract, after: Contract) -> list[str]:
    """The contract's keys that differ, as the file names them."""
    return [
        f.name
        for f in fields(before)
        if f.compare and getattr(before, f.name) != getattr(after, f.name)
    ]


def check(subject: Subject) -> Iterator[Finding]:
    """Report a changed contract whose version equals the base's."""
    if not subject.changed or subject.head is None or subject.base is None:
        return
    if subject.head.version != subject.base.version:
        return
    if any(True for _ in breaking(subject)):
        needed = "a major bump (it has breaking changes)"
    elif any(is_additive(c) for c in base_changes(subject)):
        needed = "at least a minor bump (its schema or rules changed)"
    else:
        needed = "at least a patch bump"
    what = ", ".join(changed_keys(subject.base.contract, subject.head))
    yield Finding(
        contract=subject.contract_id,
        rule=RULE.id,
        path="",
        severity=RULE.severity,
        message=f"the contract changed ({what}) but its version is still "
        f"{subject.head.version}: it needs {needed}",
        pointer="/version",
        against=(subject.base.version,),
    )
