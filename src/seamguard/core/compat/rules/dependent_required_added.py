"""dependent-required-added: NEW requires more properties whenever a given property is present.

OLD instances with the trigger property but without the dependants fail NEW (draft-4..7 array-valued dependencies included).
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    names_text,
)

RULE = RuleInfo(
    id="dependent-required-added",
    summary="NEW requires more properties whenever a given property is present.",
    rationale="OLD instances with the trigger property but without the dependants fail NEW (draft-4..7 array-valued dependencies included).",
    breaks=("backward",),
    category="object",
)
KINDS = frozenset({"dependentRequired"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward:
        yield change(
            RULE, delta, f"when {delta.name!r} is present, {names_text(delta.new)} now required"
        )
