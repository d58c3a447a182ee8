"""version-unchanged: the contract changed but its version did not.

Two different contracts under one version make every version number a lie: consumers pinned
to it cannot tell which one they get.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.changes import base_changes, breaking, is_additive
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="version-unchanged",
    summary="A changed contract keeps the version of its released one.",
    rationale="Each version must name one contract; bump the major for a breaking change, the "
    "minor for an additive one and the patch for anything else.",
)


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
    yield Finding(
        contract=subject.contract_id,
        rule=RULE.id,
        path="",
        severity=RULE.severity,
        message=f"the contract changed but its version is still {subject.head.version}: "
        f"it needs {needed}",
        pointer="/version",
        against=(subject.base.version,),
    )
