"""nullable-removed: NEW no longer allows null where OLD did.

Stored OLD instances holding null fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="nullable-removed",
    summary="NEW no longer allows null where OLD did.",
    rationale="Stored OLD instances holding null fail NEW.",
    breaks=("backward",),
    category="type",
)
KINDS = frozenset({"type"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and "null" in delta.old - delta.new:
        yield change(RULE, delta, "null no longer allowed")
