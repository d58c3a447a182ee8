"""any-of-branch-added: NEW's anyOf admits an alternative no anyOf branch of OLD admits.

Instances of the new alternative fail consumers on OLD.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="any-of-branch-added",
    summary="NEW's anyOf admits an alternative no anyOf branch of OLD admits.",
    rationale="Instances of the new alternative fail consumers on OLD.",
    breaks=("forward",),
    category="combinator",
)
KINDS = frozenset({"branch"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.name == "anyOf" and not delta.backward:
        yield change(RULE, delta, f"alternative at {delta.pointer} fits no anyOf branch of OLD")
