"""additional-properties-narrowed: NEW's additionalProperties schema admits less than OLD's.

OLD instances whose extra properties do not fit the new schema fail NEW (a map's value type changed, say).
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
    id="additional-properties-narrowed",
    summary="NEW's additionalProperties schema admits less than OLD's.",
    rationale="OLD instances whose extra properties do not fit the new schema fail NEW (a map's value type changed, say).",
    breaks=("backward",),
    category="object",
)
KINDS = frozenset({"additional"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and _decider(delta) == "additionalProperties" and delta.new != "false":
        yield change(
            RULE,
            delta,
            "additional properties narrowed" + _lenient(delta),
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
