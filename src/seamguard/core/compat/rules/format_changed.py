"""format-changed: The string format changed.

Values in one format are not, in general, values in the other (date vs date-time).
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="format-changed",
    summary="The string format changed.",
    rationale="Values in one format are not, in general, values in the other (date vs date-time).",
    breaks=("backward", "forward"),
    category="string",
)
KINDS = frozenset({"format"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if (delta.backward and delta.old) or (not delta.backward and delta.new):
        yield change(
            RULE,
            delta,
            f"format changed from {', '.join(sorted(delta.old))} to {', '.join(sorted(delta.new))}",
        )
