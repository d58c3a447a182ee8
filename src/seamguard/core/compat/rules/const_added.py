"""const-added: NEW pins the value with const where OLD allowed others.

OLD instances with any other value fail NEW.
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
    id="const-added",
    summary="NEW pins the value with const where OLD allowed others.",
    rationale="OLD instances with any other value fail NEW.",
    breaks=("backward",),
    category="values",
)
KINDS = frozenset({"enum"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and delta.old is None and delta.new is not None and delta.detail[1]:
        yield change(RULE, delta, f"value pinned to {values_text(delta.new)}")
