"""items-added: NEW constrains array items (beyond any prefix) that OLD left free.

OLD arrays with items that do not fit the new item schema fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="items-added",
    summary="NEW constrains array items (beyond any prefix) that OLD left free.",
    rationale="OLD arrays with items that do not fit the new item schema fail NEW.",
    breaks=("backward",),
    category="array",
)
KINDS = frozenset({"items"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "new":
        yield change(
            RULE, delta, "item schema added", breaks=not delta.holds, undecidable=delta.undecidable
        )
