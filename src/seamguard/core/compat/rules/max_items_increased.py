"""max-items-increased: NEW allows a larger maxItems than OLD (or drops it).

NEW instances above OLD's maximum fail consumers on OLD.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    number_text,
)

RULE = RuleInfo(
    id="max-items-increased",
    summary="NEW allows a larger maxItems than OLD (or drops it).",
    rationale="NEW instances above OLD's maximum fail consumers on OLD.",
    breaks=("forward",),
    category="array",
)
KINDS = frozenset({"maxItems"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward:
        yield change(
            RULE,
            delta,
            f"maxItems increased from {number_text(delta.old)} to {number_text(delta.new, 'none')}",
        )
