"""false-schema-added: A subschema became false (nothing valid) where OLD admitted instances.

OLD instances at that location fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="false-schema-added",
    summary="A subschema became false (nothing valid) where OLD admitted instances.",
    rationale="OLD instances at that location fail NEW.",
    breaks=("backward",),
    category="boolean",
)
KINDS = frozenset({"false"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(RULE, delta, "schema is now false: no value allowed")
