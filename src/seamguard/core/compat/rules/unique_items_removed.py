"""unique-items-removed: NEW allows duplicate array items OLD forbade.

NEW arrays with duplicates fail consumers on OLD.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="unique-items-removed",
    summary="NEW allows duplicate array items OLD forbade.",
    rationale="NEW arrays with duplicates fail consumers on OLD.",
    breaks=("forward",),
    category="array",
)
KINDS = frozenset({"uniqueItems"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward:
        yield change(RULE, delta, "uniqueItems removed")
