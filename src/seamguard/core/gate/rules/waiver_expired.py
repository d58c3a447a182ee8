"""waiver-expired: a waiver in seamguard.yaml whose expiry date has passed.

An expired waiver no longer waives anything: the finding it covered counts again, and the
waiver itself is reported so it is renewed on purpose or deleted.
"""

from __future__ import annotations

from datetime import date

from seamguard.core.gate.model import Finding, GateRule, Waiver

RULE = GateRule(
    id="waiver-expired",
    summary="A waiver's expiry date has passed; it waives nothing any more.",
    rationale="Waivers are temporary by design; renew it with a new date and reason, or fix "
    "the finding and delete it.",
    severity="warning",
)


def check(waiver: Waiver, as_of: date) -> Finding | None:
    """The finding for ``waiver`` when it has expired by ``as_of``."""
    if waiver.expires >= as_of:
        return None
    return Finding(
        contract=waiver.contract,
        rule=RULE.id,
        path=waiver.path,
        severity=RULE.severity,
        message=f"waiver of {waiver.rule} on {waiver.contract} at {waiver.path or '/'} expired "
        f"on {waiver.expires.isoformat()}",
        pointer=f"/waivers/{waiver.index}",
    )
