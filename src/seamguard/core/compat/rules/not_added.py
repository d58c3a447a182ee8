"""not-added: NEW adds a not constraint OLD did not have; its effect is not decided.

Whether OLD instances avoid (or satisfy) the new not cannot be decided in general.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="not-added",
    summary="NEW adds a not constraint OLD did not have; its effect is not decided.",
    rationale="Whether OLD instances avoid (or satisfy) the new not cannot be decided in general.",
    breaks=("backward", "forward"),
    category="combinator",
)
KINDS = frozenset({"not"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "new":
        yield change(RULE, delta, "not added", undecidable=True)
