"""max-length-decreased: NEW allows a smaller maxLength than OLD (or sets one).

OLD instances above the new maximum fail NEW.
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
    id="max-length-decreased",
    summary="NEW allows a smaller maxLength than OLD (or sets one).",
    rationale="OLD instances above the new maximum fail NEW.",
    breaks=("backward",),
    category="string",
)
KINDS = frozenset({"maxLength"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(
            RULE,
            delta,
            f"maxLength decreased from {number_text(delta.old, 'none')} to {number_text(delta.new)}",
        )
