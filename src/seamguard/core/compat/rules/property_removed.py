"""property-removed: NEW no longer declares a property OLD declared.

Strict: NEW instances may carry the name with any value consumers on OLD reject; a closed NEW model rejects OLD instances carrying it. Lenient treats undeclared properties as absent, so removing an optional property from an open model is info.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="property-removed",
    summary="NEW no longer declares a property OLD declared.",
    rationale="Strict: NEW instances may carry the name with any value consumers on OLD reject; a closed NEW model rejects OLD instances carrying it. Lenient treats undeclared properties as absent, so removing an optional property from an open model is info.",
    breaks=("forward",),
    category="object",
    lenient_breaks=("backward",),
)
KINDS = frozenset({"property"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "old":
        note = (
            " (NEW is open: lenient treats undeclared properties as absent)"
            if delta.detail == "lenient"
            else ""
        )
        yield change(
            RULE,
            delta,
            f"property {delta.name!r} removed{note}",
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
