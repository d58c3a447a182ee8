"""examples-changed: The examples annotation changed, was added or was removed.

Annotations do not change which instances are valid.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="examples-changed",
    summary="The examples annotation changed, was added or was removed.",
    rationale="Annotations do not change which instances are valid.",
    breaks=(),
    severity="info",
    category="annotation",
)
KINDS = frozenset({"examples"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    yield change(RULE, delta, "examples changed", breaks=False)
