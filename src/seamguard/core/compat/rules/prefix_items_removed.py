"""prefix-items-removed: NEW no longer declares a positional item OLD declared.

The position falls back to the general item schema, which may reject OLD items or admit items OLD rejects.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="prefix-items-removed",
    summary="NEW no longer declares a positional item OLD declared.",
    rationale="The position falls back to the general item schema, which may reject OLD items or admit items OLD rejects.",
    breaks=("backward", "forward"),
    category="array",
)
KINDS = frozenset({"prefixItems"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "old":
        yield change(
            RULE,
            delta,
            f"positional item {delta.name} removed",
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
