"""unevaluated-properties-narrowed: NEW's unevaluatedProperties admits fewer unevaluated properties than OLD.

OLD instances carrying properties nothing else evaluates fail NEW.
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
    id="unevaluated-properties-narrowed",
    summary="NEW's unevaluatedProperties admits fewer unevaluated properties than OLD.",
    rationale="OLD instances carrying properties nothing else evaluates fail NEW.",
    breaks=("backward",),
    category="object",
)
KINDS = frozenset({"additional"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and _decider(delta) == "unevaluatedProperties":
        yield change(
            RULE,
            delta,
            "unevaluated properties narrowed" + _lenient(delta),
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
