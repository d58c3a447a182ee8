"""property-names-widened: NEW's propertyNames admits names OLD's did not (or is gone).

NEW instances may carry names consumers on OLD reject.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="property-names-widened",
    summary="NEW's propertyNames admits names OLD's did not (or is gone).",
    rationale="NEW instances may carry names consumers on OLD reject.",
    breaks=("forward",),
    category="object",
)
KINDS = frozenset({"propertyNames"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward:
        yield change(RULE, delta, "propertyNames widened", undecidable=delta.undecidable)
