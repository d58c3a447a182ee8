"""deprecation-sunset-advanced: the notice a deprecation gives consumers was cut short.

A released deprecation's sunset is a promise: the field stays until then. Moving the date
earlier, or announcing a new deprecation whose sunset has already passed (``--as-of``), would let
the field be removed without the notice the policy exists to give.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="deprecation-sunset-advanced",
    summary="A deprecation's sunset was moved earlier, or a new sunset has already passed.",
    rationale="The sunset is the notice consumers were given; shortening it, or announcing one "
    "already over, lets the field go without that notice. Keep the date, or waive with a "
    "reason the consumers agreed to.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report a sunset earlier than the released one, or a new one not in the future."""
    if subject.head is None:
        return
    released = (
        {d.path: d for d in subject.base.contract.deprecations} if subject.base is not None else {}
    )
    for i, deprecation in enumerate(subject.head.deprecations):
        sunset = deprecation.sunset
        if sunset is None:
            continue
        before = released.get(deprecation.path)
        promised = before.sunset if before is not None else None
        if promised is not None and sunset < promised:
            message = (
                f"the sunset of {deprecation.path} moved from {promised.isoformat()} to "
                f"{sunset.isoformat()}: consumers were promised the field until "
                f"{promised.isoformat()}"
            )
        elif promised is None and sunset <= subject.as_of:
            message = (
                f"the sunset of {deprecation.path} ({sunset.isoformat()}) is not after "
                f"{subject.as_of.isoformat()}: announced now, it gives consumers no notice"
            )
        else:
            continue
        yield Finding(
            contract=subject.contract_id,
            rule=RULE.id,
            path=deprecation.path,
            severity=RULE.severity,
            message=message,
            pointer=f"/deprecations/{i}/sunset",
        )
