"""pattern-changed: The pattern changed: whether one regex contains the other is undecidable here.

Regex containment is not decided, so the change is reported as breaking both directions.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="pattern-changed",
    summary="The pattern changed: whether one regex contains the other is undecidable here.",
    rationale="Regex containment is not decided, so the change is reported as breaking both directions.",
    breaks=("backward", "forward"),
    category="string",
)
KINDS = frozenset({"pattern"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if (delta.backward and delta.old) or (not delta.backward and delta.new):
        yield change(
            RULE,
            delta,
            f"pattern changed from {', '.join(sorted(delta.old))} to {', '.join(sorted(delta.new))}",
            undecidable=True,
        )
