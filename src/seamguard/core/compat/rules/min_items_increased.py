"""min-items-increased: NEW requires a larger minItems than OLD.

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
    id="min-items-increased",
    summary="NEW requires a larger minItems than OLD.",
    rationale="OLD instances below the new minimum fail NEW.",
    breaks=("backward",),
    category="array",
)
KINDS = frozenset({"minItems"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(
            RULE,
            delta,
            f"minItems increased from {number_text(delta.old, '0')} to {number_text(delta.new)}",
        )
