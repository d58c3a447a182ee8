"""deprecated-field-removed: a deprecated field removed after its sunset, as planned.

The deprecation policy at work; reported so the release notes can say it.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.removal import finding, removals, sunset_text
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="deprecated-field-removed",
    summary="A deprecated field was removed after its sunset date.",
    rationale="The removal the deprecation announced. It still breaks readers, so it still "
    "takes a major bump when it breaks the compatibility mode.",
    severity="info",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report removals the deprecation policy allows."""
    for removal in removals(subject):
        if removal.outcome == "allowed" and removal.deprecation is not None:
            yield finding(
                RULE,
                subject,
                removal,
                f"field {removal.change.path or '/'} was removed after its sunset "
                f"({sunset_text(removal.deprecation.sunset)})",
            )
