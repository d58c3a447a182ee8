"""nullable-added: NEW allows null where OLD did not.

Consumers on OLD that dereference the value crash on null; OLD data is still valid.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, RuleInfo
from seamguard.core.compat.rule import Context, change

RULE = RuleInfo(
    id="nullable-added",
    summary="NEW allows null where OLD did not.",
    rationale="Consumers on OLD that dereference the value crash on null; OLD data is still valid.",
    breaks=("forward",),
    category="type",
)
KINDS = frozenset({"type"})


def check(delta: Delta, ctx: Context) -> Iterator[Change]:
    """Report the change this rule recognises in ``delta``."""
    if not delta.backward and "null" in delta.new - delta.old:
        yield change(RULE, delta, "null now allowed")
