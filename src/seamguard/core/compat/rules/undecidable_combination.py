"""undecidable-combination: Too many anyOf/oneOf alternatives to compare.

Distributing every alternative would be exponential; past a bound the pair is reported as undecidable.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="undecidable-combination",
    summary="Too many anyOf/oneOf alternatives to compare.",
    rationale="Distributing every alternative would be exponential; past a bound the pair is reported as undecidable.",
    breaks=("backward", "forward"),
    category="combinator",
)
KINDS = frozenset({"combination"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    yield change(RULE, delta, f"{delta.old} alternatives: not compared", undecidable=True)
