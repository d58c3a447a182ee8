"""pattern-removed: NEW drops every pattern OLD required.

NEW strings need not match what consumers on OLD expect.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="pattern-removed",
    summary="NEW drops every pattern OLD required.",
    rationale="NEW strings need not match what consumers on OLD expect.",
    breaks=("forward",),
    category="string",
)
KINDS = frozenset({"pattern"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and not delta.new:
        yield change(RULE, delta, f"pattern {', '.join(sorted(delta.old))} removed")
