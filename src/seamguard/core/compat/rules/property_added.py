"""property-added: NEW declares a property OLD did not.

Strict: an OLD instance may already carry that name with any value (open model), which the new subschema may reject; a closed OLD model rejects NEW instances carrying it. Lenient treats undeclared properties as absent, so adding an optional property to an open model is info.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="property-added",
    summary="NEW declares a property OLD did not.",
    rationale="Strict: an OLD instance may already carry that name with any value (open model), which the new subschema may reject; a closed OLD model rejects NEW instances carrying it. Lenient treats undeclared properties as absent, so adding an optional property to an open model is info.",
    breaks=("backward",),
    category="object",
    lenient_breaks=("forward",),
)
KINDS = frozenset({"property"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.side == "new":
        note = (
            " (OLD is open: lenient treats undeclared properties as absent)"
            if delta.detail == "lenient"
            else ""
        )
        yield change(
            RULE,
            delta,
            f"property {delta.name!r} added{note}",
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
