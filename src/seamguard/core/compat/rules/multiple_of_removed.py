"""multiple-of-removed: NEW drops the multipleOf step OLD required.

NEW numbers off the step fail consumers on OLD.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="multiple-of-removed",
    summary="NEW drops the multipleOf step OLD required.",
    rationale="NEW numbers off the step fail consumers on OLD.",
    breaks=("forward",),
    category="number",
)
KINDS = frozenset({"multipleOf"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and not delta.new:
        yield change(RULE, delta, f"multipleOf {delta.old} removed")
