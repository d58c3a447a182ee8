"""format-added: NEW requires a string format where OLD had none.

OLD strings not in the format fail NEW wherever formats are asserted.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="format-added",
    summary="NEW requires a string format where OLD had none.",
    rationale="OLD strings not in the format fail NEW wherever formats are asserted.",
    breaks=("backward",),
    category="string",
)
KINDS = frozenset({"format"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if delta.backward and not delta.old:
        yield change(RULE, delta, f"format {', '.join(sorted(delta.new))} added")
