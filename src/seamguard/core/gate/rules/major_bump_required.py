"""major-bump-required: a breaking change without a major version bump.

Semver's promise: consumers that accept any 2.x keep working on every 2.x. A change that breaks
the contract's compatibility mode (against the base version, or under a ``_transitive`` mode any
earlier released one) must start a new major (for 0.x, a new minor).
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.changes import breaking, bumped, promises_nothing, series
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="major-bump-required",
    summary="A change breaks the compatibility mode but the major version did not go up.",
    rationale="Consumers pin a major version and trust it not to break; a breaking change must "
    "start a new one (for 0.x, a new minor), and is still an error unless waived.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report breaking changes under a version that is not a major bump."""
    if not subject.changed or subject.head is None or subject.base is None:
        return
    if promises_nothing(subject.base.version, subject.head.version):
        return
    if bumped(subject.base.version, subject.head.version) in ("major", "none", "down"):
        return  # none and down are reported by version-unchanged and version-decreased
    rules = sorted({change.rule for _, change in breaking(subject)})
    if not rules:
        return
    base, head = subject.base.version, subject.head.version
    needed = "the minor (0.x)" if series(base)[0] == 0 else "the major"
    yield Finding(
        contract=subject.contract_id,
        rule=RULE.id,
        path="",
        severity=RULE.severity,
        message=f"{base} → {head} does not bump {needed}, but the contract has breaking changes "
        f"({', '.join(rules)})",
        pointer="/version",
        against=(base,),
    )
