"""required-added: NEW requires a property OLD did not (from the draft-4+ required array).

Stored OLD instances without the property fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="required-added",
    summary="NEW requires a property OLD did not (from the draft-4+ required array).",
    rationale="Stored OLD instances without the property fail NEW.",
    breaks=("backward",),
    category="object",
)
KINDS = frozenset({"required"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(RULE, delta, f"property {delta.name!r} is now required")
