"""if-then-else-removed: NEW drops a if/then/else constraint OLD had; its effect is not decided.

NEW instances may be ones OLD's if/then/else excluded.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="if-then-else-removed",
    summary="NEW drops a if/then/else constraint OLD had; its effect is not decided.",
    rationale="NEW instances may be ones OLD's if/then/else excluded.",
    breaks=("backward", "forward"),
    category="combinator",
)
KINDS = frozenset({"if"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "old":
        yield change(RULE, delta, "if/then/else removed", undecidable=True)
