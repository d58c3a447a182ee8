"""deprecated-added: NEW marks the location deprecated.

Deprecation is an annotation: no instance changes validity; consumers should plan the migration.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="deprecated-added",
    summary="NEW marks the location deprecated.",
    rationale="Deprecation is an annotation: no instance changes validity; consumers should plan the migration.",
    breaks=(),
    severity="info",
    category="annotation",
)
KINDS = frozenset({"deprecated"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.new == ("boolean", True):
        yield change(RULE, delta, "marked deprecated", breaks=False)
