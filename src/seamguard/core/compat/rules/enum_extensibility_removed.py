"""enum-extensibility-removed: NEW no longer marks an enum x-extensible: true, as OLD did.

Under lenient policy an x-extensible enum lets values outside it through with a warning (and
adding values to it is info, see enum-value-added); without the mark they are errors, so
OLD data that passed breaks backward. JSON Schema ignores the mark, so strict sees no change.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="enum-extensibility-removed",
    summary="NEW no longer marks an enum x-extensible: true, as OLD did.",
    rationale=(
        "Under lenient policy values outside an x-extensible enum pass with a warning; without"
        " the mark they are errors, so OLD data that passed fails NEW. JSON Schema ignores the"
        " mark, so under strict nothing breaks."
    ),
    breaks=(),
    severity="error",
    category="values",
    lenient_breaks=("backward",),
)
KINDS = frozenset({"x-extensible"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.old and not delta.new:
        yield change(
            RULE,
            delta,
            "enum no longer x-extensible: values outside it, let through with a warning"
            " before, are now errors",
            breaks=not ctx.strict,
        )
