"""enum-introduced: NEW restricts the values to a list where OLD allowed any.

OLD instances with values outside the list fail NEW (unless OLD's type only admitted listed values).
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
    id="enum-introduced",
    summary="NEW restricts the values to a list where OLD allowed any.",
    rationale="OLD instances with values outside the list fail NEW (unless OLD's type only admitted listed values).",
    breaks=("backward",),
    category="values",
)
KINDS = frozenset({"enum"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and delta.old is None and delta.new is not None and not delta.detail[1]:
        yield change(RULE, delta, f"values restricted to {values_text(delta.new)}")
