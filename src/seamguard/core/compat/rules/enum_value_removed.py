"""enum-value-removed: NEW no longer lists a value OLD allowed.

Stored OLD instances carrying the value fail NEW.
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
    id="enum-value-removed",
    summary="NEW no longer lists a value OLD allowed.",
    rationale="Stored OLD instances carrying the value fail NEW.",
    breaks=("backward",),
    category="values",
)
KINDS = frozenset({"enum"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward or delta.old is None or delta.new is None or _both_const(delta):
        return
    removed = delta.old - delta.new
    if removed:
        yield change(RULE, delta, f"value {values_text(removed)} removed")
