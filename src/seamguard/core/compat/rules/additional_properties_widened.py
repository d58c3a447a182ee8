"""additional-properties-widened: NEW's additionalProperties schema admits more than OLD's.

NEW instances may carry extra properties consumers on OLD reject.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change
from seamguard.core.compat.rules._text import (
    _decider,
    _lenient,
)

RULE = RuleInfo(
    id="additional-properties-widened",
    summary="NEW's additionalProperties schema admits more than OLD's.",
    rationale="NEW instances may carry extra properties consumers on OLD reject.",
    breaks=("forward",),
    category="object",
)
KINDS = frozenset({"additional"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and _decider(delta) == "additionalProperties" and delta.old != "false":
        yield change(
            RULE,
            delta,
            "additional properties widened" + _lenient(delta),
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
