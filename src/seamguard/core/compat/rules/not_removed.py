"""not-removed: NEW drops a not constraint OLD had; its effect is not decided.

NEW instances may be ones OLD's not excluded.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="not-removed",
    summary="NEW drops a not constraint OLD had; its effect is not decided.",
    rationale="NEW instances may be ones OLD's not excluded.",
    breaks=("backward", "forward"),
    category="combinator",
)
KINDS = frozenset({"not"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "old":
        yield change(RULE, delta, "not removed", undecidable=True)
