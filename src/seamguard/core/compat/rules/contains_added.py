"""contains-added: NEW requires arrays to contain a matching item where OLD did not.

OLD arrays without such an item fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="contains-added",
    summary="NEW requires arrays to contain a matching item where OLD did not.",
    rationale="OLD arrays without such an item fail NEW.",
    breaks=("backward",),
    category="array",
)
KINDS = frozenset({"contains"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "new":
        yield change(RULE, delta, "contains added")
