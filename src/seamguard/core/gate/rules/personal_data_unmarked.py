"""personal-data-unmarked: a path the released version listed as personal data no longer is.

``personal_data`` is what quarantine output, exports and reports redact. Dropping a path from it
is a privacy change, not a schema one: the field's values would start appearing in the clear.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.subject import Subject

RULE = GateRule(
    id="personal-data-unmarked",
    summary="A path the released version marked as personal data is no longer marked.",
    rationale="Outputs redact personal_data paths; dropping one makes its values appear in "
    "quarantine listings, exports and reports. Waive it with the privacy review's reason.",
)


def check(subject: Subject) -> Iterator[Finding]:
    """Report every released personal-data path the head no longer lists."""
    if subject.head is None or subject.base is None:
        return
    kept = set(subject.head.personal_data)
    for path in subject.base.contract.personal_data:
        if path in kept:
            continue
        yield Finding(
            contract=subject.contract_id,
            rule=RULE.id,
            path=path,
            severity=RULE.severity,
            message=f"{path} is no longer listed in personal_data: its values would no longer "
            "be redacted",
            pointer="/personal_data",
            against=(subject.base.version,),
        )
