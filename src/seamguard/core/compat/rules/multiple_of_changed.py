"""multiple-of-changed: The multipleOf step changed to one the other side's step does not imply.

A step implies another only when it is a whole multiple of it (0.02 implies 0.01, not the reverse).
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    number_set,
)

RULE = RuleInfo(
    id="multiple-of-changed",
    summary="The multipleOf step changed to one the other side's step does not imply.",
    rationale="A step implies another only when it is a whole multiple of it (0.02 implies 0.01, not the reverse).",
    breaks=("backward", "forward"),
    category="number",
)
KINDS = frozenset({"multipleOf"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and delta.old:
        yield change(RULE, delta, f"multipleOf {number_set(delta.old)} -> {delta.new}: not implied")
    elif not delta.backward and delta.new:
        yield change(RULE, delta, f"multipleOf {delta.old} -> {number_set(delta.new)}: not implied")
