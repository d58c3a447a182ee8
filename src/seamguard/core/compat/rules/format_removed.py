"""format-removed: NEW drops the string format OLD required.

NEW strings need not be in the format consumers on OLD parse.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="format-removed",
    summary="NEW drops the string format OLD required.",
    rationale="NEW strings need not be in the format consumers on OLD parse.",
    breaks=("forward",),
    category="string",
)
KINDS = frozenset({"format"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and not delta.new:
        yield change(RULE, delta, f"format {', '.join(sorted(delta.old))} removed")
