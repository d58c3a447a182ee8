"""money-currency-changed: A money amount's currency (path or fixed code) changed.

The same digits mean a different amount in another currency: stored records and consumers read amounts differently.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="money-currency-changed",
    summary="A money amount's currency (path or fixed code) changed.",
    rationale="The same digits mean a different amount in another currency: stored records and consumers read amounts differently.",
    breaks=("backward", "forward"),
    category="semantic",
)
KINDS = frozenset({"semantic-rule"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.detail == "currency":
        yield change(RULE, delta, f"rule {delta.new.id!r}: currency changed")
