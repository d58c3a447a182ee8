"""field-removed-without-deprecation: a field removed that no released version deprecated.

Consumers get no warning and no time to move; deprecate it first (with a replacement or a
reason and a sunset date), release that, and remove it after the sunset.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.removal import finding, removals
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="field-removed-without-deprecation",
    summary="A field was removed that no released version deprecated.",
    rationale="Consumers get no notice; deprecate the field in a released version with a "
    "sunset date, and remove it once the sunset has passed.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report removals with no deprecation in any released version."""
    for removal in removals(subject):
        if removal.outcome == "undeclared":
            yield finding(
                RULE,
                subject,
                removal,
                f"field {removal.change.path or '/'} was removed but no released version "
                "deprecated it",
            )
