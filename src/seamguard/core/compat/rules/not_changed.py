"""not-changed: The not constraint changed in a way the engine does not decide.

Containment between different not constraints is undecidable in general.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="not-changed",
    summary="The not constraint changed in a way the engine does not decide.",
    rationale="Containment between different not constraints is undecidable in general.",
    breaks=("backward", "forward"),
    category="combinator",
)
KINDS = frozenset({"not"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "both":
        yield change(RULE, delta, "not changed", undecidable=True)
