"""unique-items-added: NEW requires array items to be unique.

OLD arrays with duplicates fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="unique-items-added",
    summary="NEW requires array items to be unique.",
    rationale="OLD arrays with duplicates fail NEW.",
    breaks=("backward",),
    category="array",
)
KINDS = frozenset({"uniqueItems"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(RULE, delta, "uniqueItems added")
