"""const-changed: The const value changed.

No instance valid under one version is valid under the other.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    _both_const,
    values_text,
)

RULE = RuleInfo(
    id="const-changed",
    summary="The const value changed.",
    rationale="No instance valid under one version is valid under the other.",
    breaks=("backward", "forward"),
    category="values",
)
KINDS = frozenset({"enum"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.old is not None and delta.new is not None and _both_const(delta):
        yield change(
            RULE, delta, f"const changed from {values_text(delta.old)} to {values_text(delta.new)}"
        )
