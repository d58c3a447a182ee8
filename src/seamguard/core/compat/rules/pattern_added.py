"""pattern-added: NEW requires strings to match a pattern where OLD had none.

OLD strings that do not match fail NEW.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="pattern-added",
    summary="NEW requires strings to match a pattern where OLD had none.",
    rationale="OLD strings that do not match fail NEW.",
    breaks=("backward",),
    category="string",
)
KINDS = frozenset({"pattern"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and not delta.old:
        yield change(RULE, delta, f"pattern {', '.join(sorted(delta.new))} added")
