"""waiver-unused: a waiver in seamguard.yaml that matches no finding.

The change it was written for is gone or was renamed; a stale waiver would silently accept
the next finding that happens to match it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from seamguard.core.gate.model import Finding, GateRule, Waiver

RULE = GateRule(
    id="waiver-unused",
    summary="A waiver matches no finding of this check.",
    rationale="A stale waiver would accept the next finding that happens to match; delete it.",
    severity="warning",
)


def finding(
    waiver: Waiver, *, known: Iterable[str] = (), findings: Iterable[Finding] = ()
) -> Finding:
    """The finding for a waiver nothing matched. ``known`` are the contract ids checked, to point
    out a waiver naming none of them (a typo, or a contract since renamed); ``findings`` are the
    check's findings, to point out the paths its rule was found at in its contract."""
    ids = sorted(set(known))
    hint = ""
    if ids and waiver.contract not in ids:
        close = difflib.get_close_matches(waiver.contract, ids, n=1, cutoff=0.6)
        suggestion = f"; did you mean {close[0]}?" if close else ""
        hint = f" (no contract {waiver.contract} at the head or the base{suggestion})"
    else:
        paths = sorted(
            {
                f.path or "/"
                for f in findings
                if f.contract == waiver.contract and waiver.rule in (f.rule, f.change_rule)
            }
        )
        if paths:
            hint = (
                f" (its rule is found at {', '.join(paths[:3])}{' ...' if len(paths) > 3 else ''})"
            )
    return Finding(
        contract=waiver.contract,
        rule=RULE.id,
        path=waiver.path,
        severity=RULE.severity,
        message=f"waiver of {waiver.rule} on {waiver.contract} at {waiver.path or '/'} matches "
        f"no finding{hint}",
        pointer=f"/waivers/{waiver.index}",
    )
