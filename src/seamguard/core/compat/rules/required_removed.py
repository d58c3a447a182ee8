"""required-removed: NEW no longer requires a property OLD required.

NEW instances may lack a property consumers on OLD rely on.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="required-removed",
    summary="NEW no longer requires a property OLD required.",
    rationale="NEW instances may lack a property consumers on OLD rely on.",
    breaks=("forward",),
    category="object",
)
KINDS = frozenset({"required"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward:
        yield change(RULE, delta, f"property {delta.name!r} is no longer required")
