"""additional-properties-opened: NEW allows other properties where OLD's additionalProperties was false.

Strict: NEW instances may carry properties consumers on OLD reject. Lenient treats undeclared properties as absent, so it is info there.
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
    id="additional-properties-opened",
    summary="NEW allows other properties where OLD's additionalProperties was false.",
    rationale="Strict: NEW instances may carry properties consumers on OLD reject. Lenient treats undeclared properties as absent, so it is info there.",
    breaks=("forward",),
    category="object",
    lenient_breaks=(),
)
KINDS = frozenset({"additional"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and _decider(delta) == "additionalProperties" and delta.old == "false":
        yield change(
            RULE,
            delta,
            "additional properties opened" + _lenient(delta),
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
