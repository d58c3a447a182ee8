"""deprecation-invalid: a deprecation that cannot be right as written.

Its ``since`` names a version later than the contract's own (the deprecation would date from a
release that does not exist yet), or the same path is deprecated twice (which of the two sunsets
holds?).
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.changes import parse_version
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="deprecation-invalid",
    summary="A deprecation's since is later than the contract's version, or a path is "
    "deprecated twice.",
    rationale="since says from which release consumers were told; a future one, or two "
    "entries for one path with their own dates, leaves the notice undefined.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report deprecations dated after the contract's version, and repeated paths."""
    if subject.head is None:
        return
    version = parse_version(subject.head.version)
    first: dict[str, int] = {}
    for i, deprecation in enumerate(subject.head.deprecations):
        if parse_version(deprecation.since) > version:
            yield Finding(
                contract=subject.contract_id,
                rule=RULE.id,
                path=deprecation.path,
                severity=RULE.severity,
                message=f"deprecation of {deprecation.path} is since {deprecation.since}, later "
                f"than the contract's version {subject.head.version}",
                pointer=f"/deprecations/{i}/since",
            )
        if deprecation.path in first:
            yield Finding(
                contract=subject.contract_id,
                rule=RULE.id,
                path=deprecation.path,
                severity=RULE.severity,
                message=f"{deprecation.path} is deprecated twice (first at "
                f"/deprecations/{first[deprecation.path]}); keep one entry",
                pointer=f"/deprecations/{i}",
            )
        else:
            first[deprecation.path] = i
