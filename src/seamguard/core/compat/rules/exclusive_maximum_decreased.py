"""exclusive-maximum-decreased: NEW's exclusiveMaximum is tighter than OLD's bound (or new).

OLD numbers outside the new bound fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    bound_text,
)

RULE = RuleInfo(
    id="exclusive-maximum-decreased",
    summary="NEW's exclusiveMaximum is tighter than OLD's bound (or new).",
    rationale="OLD numbers outside the new bound fail NEW.",
    breaks=("backward",),
    category="number",
)
KINDS = frozenset({"upper"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and delta.new is not None and delta.new[1] is True:
        yield change(
            RULE,
            delta,
            f"exclusiveMaximum decreased: {bound_text(delta.old)} -> {bound_text(delta.new)}",
        )
