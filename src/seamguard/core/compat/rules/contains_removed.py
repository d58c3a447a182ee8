"""contains-removed: NEW drops the contains requirement OLD had.

NEW arrays may lack the item consumers on OLD require.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="contains-removed",
    summary="NEW drops the contains requirement OLD had.",
    rationale="NEW arrays may lack the item consumers on OLD require.",
    breaks=("forward",),
    category="array",
)
KINDS = frozenset({"contains"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "old":
        yield change(RULE, delta, "contains removed")
