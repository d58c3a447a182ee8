"""unevaluated-items-changed: unevaluatedItems changed in a way the engine does not decide.

Which items count as evaluated depends on every applicator; the change is reported as breaking both directions.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="unevaluated-items-changed",
    summary="unevaluatedItems changed in a way the engine does not decide.",
    rationale="Which items count as evaluated depends on every applicator; the change is reported as breaking both directions.",
    breaks=("backward", "forward"),
    category="array",
)
KINDS = frozenset({"unevaluatedItems"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    yield change(RULE, delta, "unevaluatedItems changed", undecidable=True)
