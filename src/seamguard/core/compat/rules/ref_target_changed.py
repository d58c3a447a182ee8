"""ref-target-changed: A $ref points somewhere else.

Both targets are followed and compared, so what actually changed is reported by the other rules; this records the move.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="ref-target-changed",
    summary="A $ref points somewhere else.",
    rationale="Both targets are followed and compared, so what actually changed is reported by the other rules; this records the move.",
    breaks=(),
    severity="info",
    category="reference",
)
KINDS = frozenset({"ref-target"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    yield change(RULE, delta, f"$ref {delta.old} -> {delta.new}", breaks=False)
