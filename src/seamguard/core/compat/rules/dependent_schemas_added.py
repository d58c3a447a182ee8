"""dependent-schemas-added: NEW applies a schema whenever a given property is present, which OLD did not.

OLD instances carrying the property may not fit the dependent schema.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="dependent-schemas-added",
    summary="NEW applies a schema whenever a given property is present, which OLD did not.",
    rationale="OLD instances carrying the property may not fit the dependent schema.",
    breaks=("backward",),
    category="object",
)
KINDS = frozenset({"dependentSchemas"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(
            RULE, delta, f"dependent schema for {delta.name!r} added", undecidable=delta.undecidable
        )
