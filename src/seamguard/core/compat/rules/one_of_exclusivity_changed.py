"""one-of-exclusivity-changed: An instance might now match more than one oneOf branch; exclusivity is not decided here.

oneOf fails an instance matching two branches; unless branches are provably disjoint (types, const/enum discriminators), the change is undecidable.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="one-of-exclusivity-changed",
    summary="An instance might now match more than one oneOf branch; exclusivity is not decided here.",
    rationale="oneOf fails an instance matching two branches; unless branches are provably disjoint (types, const/enum discriminators), the change is undecidable.",
    breaks=("backward", "forward"),
    category="combinator",
)
KINDS = frozenset({"exclusive"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    yield change(
        RULE, delta, f"oneOf branch {delta.name} may overlap another branch", undecidable=True
    )
