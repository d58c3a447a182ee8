"""deprecated-removed: NEW no longer marks the location deprecated.

Deprecation is an annotation: no instance changes validity.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="deprecated-removed",
    summary="NEW no longer marks the location deprecated.",
    rationale="Deprecation is an annotation: no instance changes validity.",
    breaks=(),
    severity="info",
    category="annotation",
)
KINDS = frozenset({"deprecated"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.old == ("boolean", True) and delta.new != ("boolean", True):
        yield change(RULE, delta, "no longer deprecated", breaks=False)
