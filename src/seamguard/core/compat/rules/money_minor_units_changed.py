"""money-minor-units-changed: A money amount switched between major and minor units (or its minor-unit convention).

1999 read as minor units is 19.99; read as major units it is 1999.00: every stored amount changes meaning.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="money-minor-units-changed",
    summary="A money amount switched between major and minor units (or its minor-unit convention).",
    rationale="1999 read as minor units is 19.99; read as major units it is 1999.00: every stored amount changes meaning.",
    breaks=("backward", "forward"),
    category="semantic",
)
KINDS = frozenset({"semantic-rule"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.detail == "minor-units":
        yield change(RULE, delta, f"rule {delta.new.id!r}: minor units changed")
