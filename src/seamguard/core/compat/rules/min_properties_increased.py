"""min-properties-increased: NEW requires a larger minProperties than OLD.

OLD instances below the new minimum fail NEW.
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
    id="min-properties-increased",
    summary="NEW requires a larger minProperties than OLD.",
    rationale="OLD instances below the new minimum fail NEW.",
    breaks=("backward",),
    category="object",
)
KINDS = frozenset({"minProperties"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(
            RULE,
            delta,
            f"minProperties increased from {number_text(delta.old, '0')} to {number_text(delta.new)}",
        )
