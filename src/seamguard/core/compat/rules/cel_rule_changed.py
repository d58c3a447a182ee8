"""cel-rule-changed: A CEL rule's expression changed; whether one implies the other is undecidable.

Implication between CEL expressions is not decided, so the change breaks both directions.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="cel-rule-changed",
    summary="A CEL rule's expression changed; whether one implies the other is undecidable.",
    rationale="Implication between CEL expressions is not decided, so the change breaks both directions.",
    breaks=("backward", "forward"),
    category="semantic",
)
KINDS = frozenset({"semantic-rule"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.detail == "cel":
        yield change(RULE, delta, f"CEL rule {delta.new.id!r} changed", undecidable=True)
