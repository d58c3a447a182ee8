"""enum-dropped: NEW drops the value list OLD had.

NEW instances may carry values consumers on OLD do not know.
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
    id="enum-dropped",
    summary="NEW drops the value list OLD had.",
    rationale="NEW instances may carry values consumers on OLD do not know.",
    breaks=("forward",),
    category="values",
)
KINDS = frozenset({"enum"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and delta.new is None and delta.old is not None and not delta.detail[0]:
        yield change(RULE, delta, f"value list {values_text(delta.old)} dropped")
