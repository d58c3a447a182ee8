"""contains-changed: The contains requirement (minContains / maxContains) changed so one side no longer implies the other.

Counting bounds on matching items only imply each other when tightened on the right side.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="contains-changed",
    summary="The contains requirement (minContains / maxContains) changed so one side no longer implies the other.",
    rationale="Counting bounds on matching items only imply each other when tightened on the right side.",
    breaks=("backward", "forward"),
    category="array",
)
KINDS = frozenset({"contains"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "both":
        yield change(RULE, delta, "contains bounds changed")
