"""all-of-branch-removed: NEW's allOf has fewer branches than OLD's.

allOf branches are folded into one conjunction; what the removed branch constrained is reported by the keyword rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="all-of-branch-removed",
    summary="NEW's allOf has fewer branches than OLD's.",
    rationale="allOf branches are folded into one conjunction; what the removed branch constrained is reported by the keyword rules.",
    breaks=(),
    severity="info",
    category="combinator",
)
KINDS = frozenset({"allOf"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.new < delta.old:
        yield change(RULE, delta, f"allOf branches {delta.old} -> {delta.new}", breaks=False)
