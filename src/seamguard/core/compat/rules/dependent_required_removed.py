"""dependent-required-removed: NEW requires fewer properties when a given property is present.

NEW instances may lack dependants consumers on OLD rely on.
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
    id="dependent-required-removed",
    summary="NEW requires fewer properties when a given property is present.",
    rationale="NEW instances may lack dependants consumers on OLD rely on.",
    breaks=("forward",),
    category="object",
)
KINDS = frozenset({"dependentRequired"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward:
        yield change(
            RULE,
            delta,
            f"when {delta.name!r} is present, {names_text(delta.old)} no longer required",
        )
