"""one-of-branch-removed: An alternative OLD admitted fits no oneOf branch of NEW.

OLD instances of that alternative fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="one-of-branch-removed",
    summary="An alternative OLD admitted fits no oneOf branch of NEW.",
    rationale="OLD instances of that alternative fail NEW.",
    breaks=("backward",),
    category="combinator",
)
KINDS = frozenset({"branch"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.name == "oneOf" and delta.backward:
        yield change(RULE, delta, f"alternative at {delta.old_pointer} fits no oneOf branch of NEW")
