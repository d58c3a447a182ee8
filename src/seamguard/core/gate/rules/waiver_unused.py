"""waiver-unused: a waiver in seamguard.yaml that matches no finding.

The change it was written for is gone or was renamed; a stale waiver would silently accept
the next finding that happens to match it.
"""

from __future__ import annotations

from seamguard.core.gate.model import Finding, GateRule, Waiver

RULE = GateRule(
    id="waiver-unused",
    summary="A waiver matches no finding of this check.",
    rationale="A stale waiver would accept the next finding that happens to match; delete it.",
    severity="warning",
)


def finding(waiver: Waiver) -> Finding:
    """The finding for a waiver nothing matched."""
    return Finding(
        contract=waiver.contract,
        rule=RULE.id,
        path=waiver.path,
        severity=RULE.severity,
        message=f"waiver of {waiver.rule} on {waiver.contract} at {waiver.path or '/'} matches "
        "no finding",
        pointer=f"/waivers/{waiver.index}",
    )
