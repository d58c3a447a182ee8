"""items-removed: NEW leaves array items free that OLD constrained.

NEW arrays may carry items consumers on OLD reject.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="items-removed",
    summary="NEW leaves array items free that OLD constrained.",
    rationale="NEW arrays may carry items consumers on OLD reject.",
    breaks=("forward",),
    category="array",
)
KINDS = frozenset({"items"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "old":
        yield change(
            RULE,
            delta,
            "item schema removed",
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
