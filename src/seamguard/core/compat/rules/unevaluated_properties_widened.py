"""unevaluated-properties-widened: NEW's unevaluatedProperties admits more unevaluated properties than OLD.

NEW instances may carry properties consumers on OLD reject.
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
    id="unevaluated-properties-widened",
    summary="NEW's unevaluatedProperties admits more unevaluated properties than OLD.",
    rationale="NEW instances may carry properties consumers on OLD reject.",
    breaks=("forward",),
    category="object",
)
KINDS = frozenset({"additional"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and _decider(delta) == "unevaluatedProperties":
        yield change(
            RULE,
            delta,
            "unevaluated properties widened" + _lenient(delta),
            breaks=not delta.holds,
            undecidable=delta.undecidable,
        )
