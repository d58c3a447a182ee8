"""additional-properties-closed: NEW sets additionalProperties to false where OLD allowed other properties.

Strict: OLD instances carrying any undeclared property fail NEW. Lenient treats undeclared properties as absent, so it is info there.
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
    id="additional-properties-closed",
    summary="NEW sets additionalProperties to false where OLD allowed other properties.",
    rationale="Strict: OLD instances carrying any undeclared property fail NEW. Lenient treats undeclared properties as absent, so it is info there.",
    breaks=("backward",),
    category="object",
    lenient_breaks=(),
)
KINDS = frozenset({"additional"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and _decider(delta) == "additionalProperties" and delta.new == "false":
        yield change(
            RULE,
            delta,
            "additional properties closed" + _lenient(delta),
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
