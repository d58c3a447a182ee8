"""const-removed: NEW drops the const OLD pinned the value with.

NEW instances may carry values consumers on OLD reject.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    values_text,
)

RULE = RuleInfo(
    id="const-removed",
    summary="NEW drops the const OLD pinned the value with.",
    rationale="NEW instances may carry values consumers on OLD reject.",
    breaks=("forward",),
    category="values",
)
KINDS = frozenset({"enum"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and delta.new is None and delta.old is not None and delta.detail[0]:
        yield change(RULE, delta, f"const {values_text(delta.old)} dropped")
