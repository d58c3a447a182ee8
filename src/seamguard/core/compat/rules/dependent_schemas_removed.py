"""dependent-schemas-removed: NEW drops a dependent schema OLD applied.

NEW instances may not fit what consumers on OLD require when the property is present.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="dependent-schemas-removed",
    summary="NEW drops a dependent schema OLD applied.",
    rationale="NEW instances may not fit what consumers on OLD require when the property is present.",
    breaks=("forward",),
    category="object",
)
KINDS = frozenset({"dependentSchemas"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward:
        yield change(
            RULE,
            delta,
            f"dependent schema for {delta.name!r} removed",
            undecidable=delta.undecidable,
        )
