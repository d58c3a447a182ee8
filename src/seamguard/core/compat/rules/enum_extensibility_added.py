"""enum-extensibility-added: NEW marks an enum x-extensible: true, as OLD did not.

The mark only relaxes: values outside the enum now pass with a warning under lenient policy,
and JSON Schema (strict) ignores it.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="enum-extensibility-added",
    summary="NEW marks an enum x-extensible: true, as OLD did not.",
    rationale=(
        "The mark only relaxes: under lenient policy values outside the enum now pass with a"
        " warning (and later additions to it are info); JSON Schema, so strict, ignores it."
    ),
    breaks=(),
    severity="info",
    category="values",
)
KINDS = frozenset({"x-extensible"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.new and not delta.old:
        yield change(
            RULE,
            delta,
            "enum marked x-extensible: values outside it pass with a warning",
            breaks=False,
        )
