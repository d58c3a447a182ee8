"""pattern-properties-removed: NEW no longer declares a patternProperties entry OLD declared.

Names matching the pattern fall back to NEW's other rules, which may reject OLD values or admit values OLD rejected.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="pattern-properties-removed",
    summary="NEW no longer declares a patternProperties entry OLD declared.",
    rationale="Names matching the pattern fall back to NEW's other rules, which may reject OLD values or admit values OLD rejected.",
    breaks=("forward",),
    category="object",
)
KINDS = frozenset({"pattern-property"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "old":
        yield change(
            RULE,
            delta,
            f"pattern property {delta.name!r} removed",
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
