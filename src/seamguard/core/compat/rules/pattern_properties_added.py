"""pattern-properties-added: NEW declares a patternProperties entry OLD did not.

Names matching the pattern that OLD allowed freely must now fit its schema; when OLD had other patterns, the overlap is undecidable.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="pattern-properties-added",
    summary="NEW declares a patternProperties entry OLD did not.",
    rationale="Names matching the pattern that OLD allowed freely must now fit its schema; when OLD had other patterns, the overlap is undecidable.",
    breaks=("backward",),
    category="object",
)
KINDS = frozenset({"pattern-property"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "new":
        yield change(
            RULE,
            delta,
            f"pattern property {delta.name!r} added",
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
