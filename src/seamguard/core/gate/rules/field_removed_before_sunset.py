"""field-removed-before-sunset: a deprecated field removed before its sunset date.

The deprecation promised consumers the field until the sunset (``--as-of`` is "today"); one
without a sunset date never allows removal.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.removal import finding, removals, sunset_text
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="field-removed-before-sunset",
    summary="A deprecated field was removed before its sunset date.",
    rationale="The deprecation promised the field until its sunset; consumers may not have "
    "moved yet. Wait for the date (or set one), or waive with a reason.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report removals whose deprecation's sunset has not passed."""
    for removal in removals(subject):
        if removal.outcome == "early" and removal.deprecation is not None:
            version = removal.declared_in.version if removal.declared_in is not None else "?"
            yield finding(
                RULE,
                subject,
                removal,
                f"field {removal.change.path or '/'} was removed before its sunset: deprecated "
                f"in {version}, {sunset_text(removal.deprecation.sunset)} "
                f"(as of {subject.as_of.isoformat()})",
            )
