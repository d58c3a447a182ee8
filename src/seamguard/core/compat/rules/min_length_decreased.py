"""min-length-decreased: NEW allows a smaller minLength than OLD.

NEW instances below OLD's minimum fail consumers on OLD.
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
    id="min-length-decreased",
    summary="NEW allows a smaller minLength than OLD.",
    rationale="NEW instances below OLD's minimum fail consumers on OLD.",
    breaks=("forward",),
    category="string",
)
KINDS = frozenset({"minLength"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward:
        yield change(
            RULE,
            delta,
            f"minLength decreased from {number_text(delta.old)} to {number_text(delta.new, '0')}",
        )
