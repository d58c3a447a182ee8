"""property-names-narrowed: NEW's propertyNames admits fewer names than OLD's (or is new).

OLD instances with a name outside NEW's propertyNames fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="property-names-narrowed",
    summary="NEW's propertyNames admits fewer names than OLD's (or is new).",
    rationale="OLD instances with a name outside NEW's propertyNames fail NEW.",
    breaks=("backward",),
    category="object",
)
KINDS = frozenset({"propertyNames"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(RULE, delta, "propertyNames narrowed", undecidable=delta.undecidable)
