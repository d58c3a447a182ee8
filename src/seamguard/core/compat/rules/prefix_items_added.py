"""prefix-items-added: NEW declares a positional item (prefixItems / array-form items) OLD did not.

OLD arrays whose item at that position does not fit the new positional schema fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="prefix-items-added",
    summary="NEW declares a positional item (prefixItems / array-form items) OLD did not.",
    rationale="OLD arrays whose item at that position does not fit the new positional schema fail NEW.",
    breaks=("backward",),
    category="array",
)
KINDS = frozenset({"prefixItems"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "new":
        yield change(
            RULE,
            delta,
            f"positional item {delta.name} added",
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
