"""false-schema-removed: A subschema that was false (nothing valid) now admits instances.

NEW instances at that location fail consumers on OLD.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="false-schema-removed",
    summary="A subschema that was false (nothing valid) now admits instances.",
    rationale="NEW instances at that location fail consumers on OLD.",
    breaks=("forward",),
    category="boolean",
)
KINDS = frozenset({"false"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward:
        yield change(RULE, delta, "schema was false: values now allowed")
